// What happens around a run once it is final or waits for a reviewer: a notification in D1 (pushed live on
// the owner's sockets) and, for a final run with a completion callback URL (the schedule's, else the graph's),
// a signed callback job on the JOBS queue. Off the run's path (waitUntil); a failure is logged, the run is
// not affected. Sub-runs notify nobody: their parent run does.
import type { RunSummaryView } from "../engine/views";
import type { RunCallback } from "../worker/jobs/messages";
import type { EventHub } from "./event-hub";
import type { RunRow } from "./run-store";

export type NotificationKind = "run_finished" | "review_needed";

export type NotificationView = {
  id: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
};

export async function announceRunEnd(env: Env, run: RunRow, summary: RunSummaryView): Promise<void> {
  if (run.parent) return;
  const final = summary.status === "COMPLETED" || summary.status === "FAILED" || summary.status === "TERMINATED";
  if (!final && summary.status !== "REVIEW") return;
  try {
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
    const insert = env.DB.prepare(
      "INSERT INTO notifications (id, owner_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
    ).bind(
      notification.id,
      run.ownerId,
      notification.kind,
      JSON.stringify(notification.payload),
      notification.created_at,
    );
    let callbackUrl = final ? (run.options.callbackUrl ?? null) : null;
    if (final && !callbackUrl) {
      const [, found] = await env.DB.batch<{ url: string }>([
        insert,
        env.DB.prepare("SELECT url FROM graph_callbacks WHERE owner_id = ? AND graph_id = ?").bind(
          run.ownerId,
          run.graphId,
        ),
      ]);
      callbackUrl = found?.results[0]?.url ?? null;
    } else await insert.run();
    const hub = env.EVENT_HUB.get(env.EVENT_HUB.idFromName(run.ownerId)) as unknown as Pick<EventHub, "notify">;
    await Promise.all([
      hub.notify(notification),
      callbackUrl
        ? env.JOBS.send({
            kind: "run.callback",
            owner_id: run.ownerId,
            execution_id: run.executionId,
            url: callbackUrl,
            body: { event: "run.finished", ...summary },
          } satisfies RunCallback)
        : undefined,
    ]);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(
      JSON.stringify({ level: "error", msg: "run end notice failed", execution_id: run.executionId, error }),
    );
  }
}
