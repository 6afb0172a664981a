// Keeps a run's D1 index row in step with the run, off the request path (batched with other runs: run-index.ts),
// one write after another. A run's end notice (run-end-notices.ts) rides in the same batch.

import { log } from "../engine/log";
import type { RunSummaryView } from "../engine/views";
import type { RunEndNotice } from "./run-end-notices";
import { writeIndexRow } from "./run-index";
import type { RunRow } from "./run-store";
import { webhookDeliveryExtras } from "./webhook-delivery-row";

export class IndexSync {
  private chain: Promise<void> = Promise.resolve();
  /** The run's webhook delivery is in D1 (sent again after a restart: idempotent). */
  private deliveryRecorded = false;

  constructor(
    private readonly env: Env,
    private readonly ctx: DurableObjectState,
    private readonly current: () => RunRow | undefined,
    private readonly summary: (run: RunRow) => RunSummaryView,
  ) {}

  /** Resolves once every write asked for so far is done (or failed: the alarm retries those). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Writes the row if it changed (and the notice's statements with it). */
  sync(notice?: RunEndNotice): Promise<void> {
    this.chain = this.chain.then(async () => {
      const run = this.current();
      if (!run || (!run.indexDirty && !notice)) return;
      const summary = this.summary(run);
      const delivery = this.deliveryRecorded ? [] : webhookDeliveryExtras(this.env.DB, run);
      try {
        await writeIndexRow(this.env.DB, run, summary, [
          ...(notice ? [notice.insert, notice.lookup] : []),
          ...delivery,
        ]);
        if (delivery.length > 0) this.deliveryRecorded = true;
        // Cleared in memory only: persisting it would cost a storage commit per run. A stale "dirty" on disk
        // is harmless — after a restart the watchdog alarm upserts the same row once more.
        if (this.current() === run && run.status === summary.status) run.indexDirty = false;
      } catch (err) {
        // The alarm retries; the run's own state is already durable.
        log(this.env, "error", "execution index sync failed", {
          execution_id: run.executionId,
          error: err instanceof Error ? err.message : String(err),
        });
        // A running run's watchdog alarm retries anyway; a paused or final one needs its own.
        if (run.status === "RUNNING") return;
        await this.ctx.storage.setAlarm(Date.now() + 5_000);
      }
    });
    return this.chain;
  }
}
