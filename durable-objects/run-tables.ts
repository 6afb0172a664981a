// The run object's SQLite, side of the run: the tables only some runs need (meta, reviews, child runs, R2 blobs,
// subscribed hubs, model usage), created on first write, and the reads and writes of those. RunStore (run-store.ts)
// adds the run row and its node executions.
import type { ReviewRow } from "./run-row";

/**
 * Tables only some runs need, created on first write: a new run object creates three tables, not seven
 * (a measurable share of a short run's cost). Reads of a side table that is not there answer empty.
 */
const SIDE_TABLES = {
  meta: `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
  reviews: `CREATE TABLE IF NOT EXISTS reviews (
     node_exec_id TEXT PRIMARY KEY, node_id TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
     editable INTEGER NOT NULL, status TEXT NOT NULL, reviewed_data TEXT, message TEXT,
     created_at INTEGER NOT NULL, reviewed_at INTEGER) WITHOUT ROWID`,
  children: `CREATE TABLE IF NOT EXISTS children (
     node_exec_id TEXT PRIMARY KEY, child_execution_id TEXT NOT NULL, result TEXT) WITHOUT ROWID`,
  blobs: `CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY) WITHOUT ROWID`,
  subscribers: `CREATE TABLE IF NOT EXISTS subscribers (hub TEXT PRIMARY KEY) WITHOUT ROWID`,
  /** Model tokens and cost per node execution (AI blocks only). */
  usage: `CREATE TABLE IF NOT EXISTS usage (node_exec_id TEXT PRIMARY KEY, stats TEXT NOT NULL) WITHOUT ROWID`,
};
export type SideTable = keyof typeof SIDE_TABLES;

export type SqlRow = Record<string, SqlStorageValue>;

export const json = (v: SqlStorageValue): unknown => (v === null ? null : JSON.parse(String(v)));
export const num = (v: SqlStorageValue): number | null => (v === null ? null : Number(v));

export class RunTables {
  constructor(protected readonly storage: DurableObjectStorage) {}

  protected get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** The last answer of `exists`, so the constructor's check and `migrate` share one query. */
  protected present: boolean | undefined;

  /** False for an object that never held a run (a lookup of an unknown id must not create storage). */
  exists(): boolean {
    this.present ??=
      this.sql.exec(`SELECT name FROM sqlite_master WHERE type='table' AND name='run'`).toArray().length > 0;
    return this.present;
  }

  /** Side tables present in this object's SQLite: listed once, then kept in step by `ensureSide`. */
  protected sideTables: Set<string> | undefined;

  protected hasSide(table: SideTable): boolean {
    this.sideTables ??= new Set(
      this.sql
        .exec<SqlRow>(`SELECT name FROM sqlite_master WHERE type='table'`)
        .toArray()
        .map((r) => String(r.name)),
    );
    return this.sideTables.has(table);
  }

  protected ensureSide(table: SideTable): void {
    if (this.hasSide(table)) return;
    this.sql.exec(SIDE_TABLES[table]);
    this.sideTables?.add(table);
  }

  getMeta(key: string): string | undefined {
    if (!this.hasSide("meta")) return undefined;
    const row = this.sql.exec<SqlRow>(`SELECT value FROM meta WHERE key = ?`, key).toArray()[0];
    return row ? String(row.value) : undefined;
  }

  setMeta(key: string, value: string): void {
    this.ensureSide("meta");
    this.sql.exec(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`, key, value);
  }

  // ---- reviews ------------------------------------------------------------------------------------

  reviews(): ReviewRow[] {
    if (!this.hasSide("reviews")) return [];
    return this.sql
      .exec<SqlRow>(`SELECT * FROM reviews ORDER BY created_at`)
      .toArray()
      .map((r) => ({
        nodeExecId: String(r.node_exec_id),
        nodeId: String(r.node_id),
        name: String(r.name),
        data: json(r.data as SqlStorageValue),
        editable: Number(r.editable) === 1,
        status: String(r.status) as ReviewRow["status"],
        reviewedData: json(r.reviewed_data as SqlStorageValue),
        message: r.message === null ? null : String(r.message),
        createdAt: Number(r.created_at),
        reviewedAt: num(r.reviewed_at as SqlStorageValue),
      }));
  }

  review(nodeExecId: string): ReviewRow | undefined {
    return this.reviews().find((r) => r.nodeExecId === nodeExecId);
  }

  insertReview(r: Pick<ReviewRow, "nodeExecId" | "nodeId" | "name" | "data" | "editable" | "createdAt">): void {
    this.ensureSide("reviews");
    this.sql.exec(
      `INSERT OR IGNORE INTO reviews (node_exec_id, node_id, name, data, editable, status, created_at)
       VALUES (?, ?, ?, ?, ?, 'WAITING', ?)`,
      r.nodeExecId,
      r.nodeId,
      r.name,
      JSON.stringify(r.data ?? null),
      r.editable ? 1 : 0,
      r.createdAt,
    );
  }

  decideReview(nodeExecId: string, approved: boolean, data: unknown, message: string | null, at: number): void {
    if (!this.hasSide("reviews")) return;
    this.sql.exec(
      `UPDATE reviews SET status = ?, reviewed_data = ?, message = ?, reviewed_at = ? WHERE node_exec_id = ?`,
      approved ? "APPROVED" : "REJECTED",
      JSON.stringify(data ?? null),
      message,
      at,
      nodeExecId,
    );
  }

  // ---- child runs and blobs -------------------------------------------------------------------------

  child(nodeExecId: string): { childExecutionId: string; result: unknown } | undefined {
    if (!this.hasSide("children")) return undefined;
    const r = this.sql.exec<SqlRow>(`SELECT * FROM children WHERE node_exec_id = ?`, nodeExecId).toArray()[0];
    return r
      ? { childExecutionId: String(r.child_execution_id), result: json(r.result as SqlStorageValue) }
      : undefined;
  }

  children(): { nodeExecId: string; childExecutionId: string; done: boolean }[] {
    if (!this.hasSide("children")) return [];
    return this.sql
      .exec<SqlRow>(`SELECT * FROM children`)
      .toArray()
      .map((r) => ({
        nodeExecId: String(r.node_exec_id),
        childExecutionId: String(r.child_execution_id),
        done: r.result !== null,
      }));
  }

  recordChild(nodeExecId: string, childExecutionId: string): void {
    this.ensureSide("children");
    this.sql.exec(
      `INSERT OR IGNORE INTO children (node_exec_id, child_execution_id) VALUES (?, ?)`,
      nodeExecId,
      childExecutionId,
    );
  }

  childResult(childExecutionId: string, result: unknown): string | undefined {
    if (!this.hasSide("children")) return undefined;
    const r = this.sql
      .exec<SqlRow>(`SELECT node_exec_id FROM children WHERE child_execution_id = ?`, childExecutionId)
      .toArray()[0];
    if (!r) return undefined;
    this.sql.exec(
      `UPDATE children SET result = ? WHERE child_execution_id = ?`,
      JSON.stringify(result),
      childExecutionId,
    );
    return String(r.node_exec_id);
  }

  recordBlob(key: string): void {
    this.ensureSide("blobs");
    this.sql.exec(`INSERT OR IGNORE INTO blobs (key) VALUES (?)`, key);
  }

  subscribers(): string[] {
    if (!this.hasSide("subscribers")) return [];
    return this.sql
      .exec<SqlRow>(`SELECT hub FROM subscribers`)
      .toArray()
      .map((r) => String(r.hub));
  }

  addSubscriber(hub: string): void {
    this.ensureSide("subscribers");
    this.sql.exec(`INSERT OR IGNORE INTO subscribers (hub) VALUES (?)`, hub);
  }

  removeSubscriber(hub: string): void {
    if (!this.hasSide("subscribers")) return;
    this.sql.exec(`DELETE FROM subscribers WHERE hub = ?`, hub);
  }

  blobs(): string[] {
    if (!this.hasSide("blobs")) return [];
    return this.sql
      .exec<SqlRow>(`SELECT key FROM blobs`)
      .toArray()
      .map((r) => String(r.key));
  }
}
