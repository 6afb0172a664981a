// What happens around a run once it is final or waits for a reviewer: a notification in D1 (pushed live on
// the owner's sockets) and, for a final run with a completion callback URL (the schedule's, else the graph's),
// a signed callback job on the JOBS queue. Sub-runs notify nobody: their parent run does.
//
// The notification row and one lookup (the graph's callback URL, whether the owner has a socket open) ride in the
// run's own index-row batch (run-index.ts), so a run's end adds no D1 call of its own; the owner's event hub is
// called only when one of their sockets is open (graph-watch.ts keeps that record), so nobody listening costs no
// RPC. Off the run's path (waitUntil); a failure is logged, the run is not affected.
import { sql } from "drizzle-orm";
import { statementTemplate } from "../db/orm";
import { notifications } from "../db/schema";
import { log } from "../engine/log";
import { isFinal } from "../engine/status";
import type { RunSummaryView } from "../engine/views";
import { hasOpenSockets } from "./graph-watch";
import type { RunCallback } from "./run-callback-job";
import type { IndexExtra } from "./run-index";
import type { RunRow } from "./run-store";
import { eventHubStub } from "./stubs";

const p = sql.placeholder;

// Built by drizzle once per isolate (a run's end is a hot path: statementTemplate in db/orm.ts).
const insertNotification = statementTemplate<"id" | "ownerId" | "kind" | "payload" | "createdAt">((o) =>
  o.insert(notifications).values({
    id: p("id"),
    ownerId: p("ownerId"),
    kind: p("kind"),
    payload: p("payload"),
    createdAt: p("createdAt"),
  }),
);
// A `sql` template: one row of two scalar subqueries has no FROM, which drizzle's select needs.
const lookupEndTargets = statementTemplate<"ownerId" | "graphId">(
  () => sql`SELECT (SELECT url FROM graph_callbacks WHERE owner_id = ${p("ownerId")} AND graph_id = ${p("graphId")}) AS url,
    (SELECT watching FROM graph_watches WHERE owner_id = ${p("ownerId")}) AS watching`,
);

export type NotificationKind = "run_finished" | "review_needed";

export type NotificationView = {
  id: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
};

/** One run end's notice: its notification and the statements that go with the run's index row. */
export type RunEndNotice = {
  notification: NotificationView;
  summary: RunSummaryView;
  insert: IndexExtra;
  lookup: IndexExtra;
};

/** The notice for a top-level run that is final or waits for a reviewer; null otherwise (nothing to tell). */
export function runEndNotice(db: D1Database, run: RunRow, summary: RunSummaryView): RunEndNotice | null {
  if (run.parent) return null;
  const final = isFinal(summary.status);
  if (!final && summary.status !== "REVIEW") return null;
  const notification: NotificationView = {
    id: crypto.randomUUID(),
    kind: final ? "run_finished" : "review_needed",
    payload: {
      execution_id: run.executionId,
      graph_id: run.graphId,
      graph_version: run.graphVersion,
      status: summary.status,
      error: summary.error,
      trigger: summary.trigger,
    },
    read_at: null,
    created_at: new Date().toISOString(),
  };
  const insert = insertNotification(db, {
    id: notification.id,
    ownerId: run.ownerId,
    kind: notification.kind,
    payload: notification.payload,
    createdAt: notification.created_at,
  });
  const lookup = lookupEndTargets(db, { ownerId: run.ownerId, graphId: run.graphId });
  return { notification, summary, insert: { statement: insert }, lookup: { statement: lookup } };
}

/** After the notice's statements ran: the callback job (final runs) and the live push (owner listening). */
export async function deliverRunEndNotice(env: Env, run: RunRow, notice: RunEndNotice): Promise<void> {
  try {
    if (notice.insert.error || notice.lookup.error) throw notice.insert.error ?? notice.lookup.error;
    if (!notice.lookup.result) throw new Error("the run's index batch did not answer");
    const found = notice.lookup.result?.results[0] as { url: string | null; watching: number | null } | undefined;
    const final = notice.notification.kind === "run_finished";
    const callbackUrl = final ? (run.options.callbackUrl ?? found?.url ?? null) : null;
    const hub = hasOpenSockets(found?.watching) ? eventHubStub(env, { userId: run.ownerId }) : null;
    await Promise.all([
      hub?.notify(notice.notification),
      callbackUrl
        ? env.JOBS.send({
            kind: "run.callback",
            owner_id: run.ownerId,
            execution_id: run.executionId,
            url: callbackUrl,
            body: { event: "run.finished", ...notice.summary },
          } satisfies RunCallback)
        : undefined,
    ]);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    log(env, "error", "run end notice failed", { execution_id: run.executionId, error });
  }
}
