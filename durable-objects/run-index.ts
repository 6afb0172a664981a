// The run's row in D1's `executions` index (listing, idempotency, history), written by the run's object.
// Rows of all the runs living in one isolate are written together: a D1 call costs a short run about as
// much CPU as its whole engine, and one batch per moment serves every run that ended in it. Each row
// carries the run's event sequence and the upsert never lets an older row replace a newer one, so batches
// need no order among themselves.
//
// Workers refuse to settle one Durable Object's promise from another's context, so a batch only marks the
// tickets it carried, and each writer waits for its own ticket on its own timers.
import { sql } from "drizzle-orm";
import { statementTemplate } from "../db/orm";
import { executions } from "../db/schema";
import type { RunSummaryView } from "../engine/views";
import { runEndStatements } from "./run-rollup";
import type { RunRow } from "./run-store";

/** How long a row may wait for others to share its D1 call; `GET /executions` may lag a run by this much. */
export const INDEX_BATCH_WINDOW_MS = 50;
const INDEX_BATCH_MAX_ROWS = 50;
/** How often a writer looks at its ticket while another object's batch carries it. */
const INDEX_POLL_MS = 5;
/** A batch sent from another run object's context could be lost with it; the writer then gives up (and retries). */
const INDEX_WRITE_TIMEOUT_MS = 10_000;

/**
 * A statement that rides in the same D1 batch as a run's row (the run-end notification, the lookups its delivery
 * needs), so a run's end costs one shared D1 call, not one of its own. `result` is set once the batch answered;
 * `error` when this statement alone was refused (the row is still written).
 */
export type IndexExtra = { statement: D1PreparedStatement; result?: D1Result; error?: unknown };

/** `rollup`: the monitoring rollup's additions for a run that ended (run-rollup.ts), sent just before its row. */
type Ticket = { upsert: D1PreparedStatement; rollup: D1PreparedStatement[]; extras: IndexExtra[] } & (
  | { state: "queued" | "sending" | "written" }
  | { state: "failed"; error: unknown }
  /** A newer row of the same run took this one's place in the queue before it was sent (with its extras). */
  | { state: "superseded"; next: Ticket }
);

const p = sql.placeholder;

/**
 * The row's upsert: a run's later fields replace the stored ones, never with an older event sequence. Built by
 * drizzle once per isolate (hot path: statementTemplate in db/orm.ts); the batch is D1's own (d1Statement says why).
 */
const upsert = statementTemplate<keyof typeof executions.$inferInsert>((o) =>
  o
    .insert(executions)
    .values({
      id: p("id"),
      ownerId: p("ownerId"),
      graphId: p("graphId"),
      graphVersion: p("graphVersion"),
      status: p("status"),
      parentExecutionId: p("parentExecutionId"),
      idempotencyKey: p("idempotencyKey"),
      stats: p("stats"),
      createdAt: p("createdAt"),
      startedAt: p("startedAt"),
      endedAt: p("endedAt"),
      eventSeq: p("eventSeq"),
      triggerType: p("triggerType"),
      triggerId: p("triggerId"),
    })
    .onConflictDoUpdate({
      target: executions.id,
      set: {
        status: sql`excluded.status`,
        stats: sql`excluded.stats`,
        startedAt: sql`excluded.started_at`,
        endedAt: sql`excluded.ended_at`,
        eventSeq: sql`excluded.event_seq`,
      },
      setWhere: sql`excluded.event_seq >= ${executions.eventSeq}`,
    }),
);

/** Rows waiting for their batch in this isolate, by execution id. */
const queued = new Map<string, Ticket>();

/**
 * Resolves once this row, or a newer one of the same run, is in D1 (with `extras`, each answered); rejects when
 * its batch failed or did not answer in time.
 * @example await writeIndexRow(env.DB, run, runSummary(run, execs));
 */
export function writeIndexRow(
  db: D1Database,
  run: RunRow,
  summary: RunSummaryView,
  extras: IndexExtra[] = [],
): Promise<void> {
  const older = queued.get(run.executionId);
  const ticket: Ticket = {
    state: "queued",
    // A superseded row's extras still have to be written: they move to the row that replaces it.
    extras: older ? [...older.extras, ...extras] : extras,
    upsert: upsert(db, {
      id: run.executionId,
      ownerId: run.ownerId,
      graphId: run.graphId,
      graphVersion: run.graphVersion,
      status: summary.status,
      parentExecutionId: summary.parent_execution_id,
      idempotencyKey: run.idempotencyKey,
      stats: summary.stats,
      createdAt: summary.created_at,
      startedAt: summary.started_at,
      endedAt: summary.ended_at,
      eventSeq: run.eventSeq,
      triggerType: summary.trigger.type,
      triggerId: summary.trigger.schedule_id ?? summary.trigger.webhook_id ?? null,
    }),
    rollup: runEndStatements(db, run, summary),
  };
  if (older) Object.assign(older, { state: "superseded", next: ticket });
  queued.set(run.executionId, ticket);
  if (queued.size >= INDEX_BATCH_MAX_ROWS) void flush(db);
  return settled(db, ticket);
}

/** Waits in the writer's own context: sends the batch itself when its window is over and nobody else did. */
async function settled(db: D1Database, first: Ticket): Promise<void> {
  await sleep(INDEX_BATCH_WINDOW_MS);
  const deadline = Date.now() + INDEX_WRITE_TIMEOUT_MS;
  for (;;) {
    let ticket = first;
    while (ticket.state === "superseded") ticket = ticket.next;
    switch (ticket.state) {
      case "written":
        return;
      case "failed":
        throw ticket.error;
      case "queued":
        await flush(db);
        break;
      case "sending":
        if (Date.now() > deadline) throw new Error("index batch did not answer");
        await sleep(INDEX_POLL_MS);
    }
  }
}

async function flush(db: D1Database): Promise<void> {
  const tickets = [...queued.values()];
  queued.clear();
  for (const t of tickets) t.state = "sending";
  try {
    const results = await db.batch(
      tickets.flatMap((t) => [...t.rollup, t.upsert, ...t.extras.map((e) => e.statement)]),
    );
    let i = 0;
    for (const t of tickets) {
      i += t.rollup.length + 1;
      for (const extra of t.extras) extra.result = results[i++];
      t.state = "written";
    }
  } catch {
    // A batch is one transaction: one row D1 refuses (its owner just deleted) must not fail the others.
    for (const t of tickets) {
      for (const extra of t.extras) {
        try {
          extra.result = await extra.statement.all();
        } catch (error) {
          extra.error = error;
        }
      }
      try {
        await db.batch([...t.rollup, t.upsert]);
        t.state = "written";
      } catch (error) {
        Object.assign(t, { state: "failed", error });
      }
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
