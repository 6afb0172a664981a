// The run's SQLite storage inside its Durable Object: one `run` row and one row per node execution (the side
// tables are run-tables.ts). A new run object creates two tables, the others on first write; those keyed by text are
// WITHOUT ROWID (one b-tree each, not a table plus its key's index: fewer pages written per run). Writes of
// one engine step go through `commit` as a single synchronous transaction; each changed execution is encoded once.
import type { NodeExec, PinValue } from "../engine/node-exec";
import type { ExecutionStatus } from "../engine/status";
import type { ParentRef, RunOptions, RunRow } from "./run-row";
import { json, num, RunTables, type SqlRow } from "./run-tables";

export type { ParentRef, ReviewRow, RunOptions, RunRow } from "./run-row";

/**
 * The run object's layout: the `run` table says an object holds a run. Objects stored before 537b184 also have
 * `meta` with `schema = 1` (and before 83a123e rowid tables): the same layout to every query here. A future change
 * of layout records its version in `meta` and migrates from there.
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS run (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     execution_id TEXT NOT NULL, owner_id TEXT NOT NULL, graph_id TEXT NOT NULL, graph_version INTEGER NOT NULL,
     graph TEXT NOT NULL, inputs TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
     parent TEXT, depth INTEGER NOT NULL, options TEXT NOT NULL,
     created_at INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER, last_progress_at INTEGER NOT NULL,
     extra_cost REAL NOT NULL DEFAULT 0, extra_steps INTEGER NOT NULL DEFAULT 0,
     index_dirty INTEGER NOT NULL DEFAULT 1, idempotency_key TEXT,
     event_seq INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS node_executions (
     id TEXT PRIMARY KEY, seq INTEGER NOT NULL, node_id TEXT NOT NULL, block_id TEXT NOT NULL, status TEXT NOT NULL,
     input TEXT NOT NULL, output TEXT NOT NULL, error TEXT, queued_at INTEGER, started_at INTEGER, ended_at INTEGER,
     retry INTEGER NOT NULL, reused INTEGER NOT NULL) WITHOUT ROWID`,
];

const CREATE_SCHEMA = SCHEMA.join(";\n");

const EXEC_COLUMNS = 13;
const EXECS_PER_STATEMENT = Math.floor(100 / EXEC_COLUMNS);
/** The upsert of `n` node executions, by `n` (fixed texts, so SQLite's statement cache keeps each). */
const UPSERT_EXECS = Array.from(
  { length: EXECS_PER_STATEMENT + 1 },
  (_, n) =>
    `INSERT INTO node_executions (id, seq, node_id, block_id, status, input, output, error, queued_at, started_at,
       ended_at, retry, reused) VALUES ${Array.from({ length: n }, () => `(${"?, ".repeat(EXEC_COLUMNS - 1)}?)`).join(", ")}
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, input = excluded.input, output = excluded.output,
       error = excluded.error, queued_at = excluded.queued_at, started_at = excluded.started_at,
       ended_at = excluded.ended_at, retry = excluded.retry`,
);

export class RunStore extends RunTables {
  /** Creates the tables every run needs, once, in one trip into SQLite; a new object then has no side table. */
  migrate(): void {
    if (this.exists()) return;
    this.sql.exec(CREATE_SCHEMA);
    this.sideTables = new Set(["run", "node_executions"]);
    this.present = true;
  }

  /** Removes everything the object stores; it then looks like an object that never held a run. */
  async deleteAll(): Promise<void> {
    await this.storage.deleteAll();
    this.present = false;
    this.sideTables = undefined;
    this.persistedRun = "";
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (err) {
      this.persistedRun = ""; // rolled back: the next update writes again
      this.sideTables = undefined; // a side table created in it is gone again
      throw err;
    }
  }

  // ---- run --------------------------------------------------------------------------------------

  loadRun(): RunRow | undefined {
    const r = this.sql.exec<SqlRow>(`SELECT * FROM run WHERE id = 1`).toArray()[0];
    if (!r) return undefined;
    const run: RunRow = {
      executionId: String(r.execution_id),
      ownerId: String(r.owner_id),
      graphId: String(r.graph_id),
      graphVersion: Number(r.graph_version),
      graph: json(r.graph as SqlStorageValue),
      inputs: json(r.inputs as SqlStorageValue) as Record<string, unknown>,
      status: String(r.status) as ExecutionStatus,
      error: r.error === null ? null : String(r.error),
      parent: json(r.parent as SqlStorageValue) as ParentRef | null,
      depth: Number(r.depth),
      options: json(r.options as SqlStorageValue) as RunOptions,
      createdAt: Number(r.created_at),
      startedAt: num(r.started_at as SqlStorageValue),
      endedAt: num(r.ended_at as SqlStorageValue),
      lastProgressAt: Number(r.last_progress_at),
      extraCost: Number(r.extra_cost),
      extraSteps: Number(r.extra_steps),
      indexDirty: Number(r.index_dirty) === 1,
      idempotencyKey: r.idempotency_key === null ? null : String(r.idempotency_key),
      eventSeq: Number(r.event_seq),
    };
    this.persistedRun = RunStore.runState(run);
    return run;
  }

  insertRun(run: RunRow): void {
    this.persistedRun = RunStore.runState(run);
    this.sql.exec(
      `INSERT INTO run (id, execution_id, owner_id, graph_id, graph_version, graph, inputs, status, error, parent, depth,
         options, created_at, started_at, ended_at, last_progress_at, extra_cost, extra_steps, index_dirty, idempotency_key)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      run.executionId,
      run.ownerId,
      run.graphId,
      run.graphVersion,
      JSON.stringify(run.graph),
      JSON.stringify(run.inputs),
      run.status,
      run.error,
      run.parent === null ? null : JSON.stringify(run.parent),
      run.depth,
      JSON.stringify(run.options),
      run.createdAt,
      run.startedAt,
      run.endedAt,
      run.lastProgressAt,
      run.extraCost,
      run.extraSteps,
      run.idempotencyKey,
    );
  }

  /**
   * What of the run row is on disk, minus `last_progress_at`: a step that changed nothing else skips the
   * write. (The watchdog reads progress from memory; a resumed run restarts its progress clock.)
   */
  private persistedRun = "";

  private static runState(run: RunRow): string {
    return `${run.status}|${run.error}|${run.startedAt}|${run.endedAt}|${run.extraCost}|${run.extraSteps}|${run.indexDirty}|${run.eventSeq}`;
  }

  /** Writes the mutable part of the run row; marks the D1 index row stale when the status changed. */
  updateRun(run: RunRow, statusChanged: boolean): void {
    if (statusChanged) run.indexDirty = true;
    const state = RunStore.runState(run);
    if (state === this.persistedRun) return;
    this.persistedRun = state;
    this.sql.exec(
      `UPDATE run SET status = ?, error = ?, started_at = ?, ended_at = ?, last_progress_at = ?, extra_cost = ?,
         extra_steps = ?, index_dirty = ?, event_seq = ? WHERE id = 1`,
      run.status,
      run.error,
      run.startedAt,
      run.endedAt,
      run.lastProgressAt,
      run.extraCost,
      run.extraSteps,
      run.indexDirty ? 1 : 0,
      run.eventSeq,
    );
  }

  // ---- node executions ----------------------------------------------------------------------------

  loadNodeExecs(): NodeExec[] {
    const execs = this.loadExecRows();
    if (!this.hasSide("usage")) return execs;
    const stats = new Map(
      this.sql
        .exec<SqlRow>(`SELECT node_exec_id, stats FROM usage`)
        .toArray()
        .map((r) => [String(r.node_exec_id), json(r.stats as SqlStorageValue) as NodeExec["stats"]]),
    );
    for (const e of execs) {
      const s = stats.get(e.id);
      if (s) e.stats = s;
    }
    return execs;
  }

  private loadExecRows(): NodeExec[] {
    return this.sql
      .exec<SqlRow>(`SELECT * FROM node_executions ORDER BY seq`)
      .toArray()
      .map((r) => ({
        id: String(r.id),
        seq: Number(r.seq),
        nodeId: String(r.node_id),
        blockId: String(r.block_id),
        status: String(r.status) as ExecutionStatus,
        input: json(r.input as SqlStorageValue) as Record<string, unknown>,
        output: json(r.output as SqlStorageValue) as PinValue[],
        error: r.error === null ? null : String(r.error),
        queuedAt: num(r.queued_at as SqlStorageValue),
        startedAt: num(r.started_at as SqlStorageValue),
        endedAt: num(r.ended_at as SqlStorageValue),
        retry: Number(r.retry),
        reused: Number(r.reused) === 1,
      }));
  }

  /**
   * Upserts changed executions, up to 7 per statement (a Durable Object binds at most 100 parameters): one trip into
   * SQLite for a step's rows instead of one each. From QUEUED on an execution's input object never changes and its
   * output array is replaced (not mutated), so each is encoded once however often the status moves.
   */
  saveNodeExecs(execs: readonly NodeExec[]): void {
    for (let i = 0; i < execs.length; i += EXECS_PER_STATEMENT) {
      const chunk = execs.slice(i, i + EXECS_PER_STATEMENT);
      this.sql.exec(UPSERT_EXECS[chunk.length] as string, ...chunk.flatMap((e) => this.execValues(e)));
    }
    for (const e of execs) {
      if (!e.stats) continue;
      this.ensureSide("usage");
      this.sql.exec(`INSERT OR REPLACE INTO usage (node_exec_id, stats) VALUES (?, ?)`, e.id, JSON.stringify(e.stats));
    }
  }

  private execValues(e: NodeExec): SqlStorageValue[] {
    const input = e.status === "INCOMPLETE" ? JSON.stringify(e.input) : this.encodeOnce(e.input);
    return [
      e.id,
      e.seq,
      e.nodeId,
      e.blockId,
      e.status,
      input,
      this.encodeOnce(e.output),
      e.error,
      e.queuedAt,
      e.startedAt,
      e.endedAt,
      e.retry,
      e.reused ? 1 : 0,
    ];
  }

  private readonly encoded = new WeakMap<object, string>();

  private encodeOnce(value: object): string {
    let text = this.encoded.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      this.encoded.set(value, text);
    }
    return text;
  }
}
