// A webhook delivery answered 202 is recorded by its run, in the same D1 batch as the run's index row
// (run-index.ts), instead of in a D1 write of its own after the answer: the ingress path then costs one D1
// read (the webhook row) and no write of its own. The statements are idempotent (the delivery's id was chosen
// by the ingress; the last-delivery time only moves forward), so a batch sent again after a restart records it
// once.

import type { IndexExtra } from "./run-index";
import type { RunRow } from "./run-row";

/** What the ingress hands the run to record: the delivery's id, webhook, body size and time (ISO 8601). */
export type WebhookDeliveryRef = { id: string; webhookId: string; bodyBytes: number; at: string };

export const ACCEPTED_STATUS = 202;

/** The delivery's statements for the run's index-row batch; none when the run did not start from one. */
export function webhookDeliveryExtras(db: D1Database, run: RunRow): IndexExtra[] {
  const d = run.options.webhookDelivery;
  if (!d) return [];
  return [
    {
      statement: db
        .prepare(
          `INSERT OR IGNORE INTO webhook_deliveries
             (id, webhook_id, owner_id, status, execution_id, body_bytes, error, created_at)
           VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
        )
        .bind(d.id, d.webhookId, run.ownerId, ACCEPTED_STATUS, run.executionId, d.bodyBytes, d.at),
    },
    {
      statement: db
        .prepare("UPDATE webhooks SET last_delivery_at = MAX(IFNULL(last_delivery_at, ''), ?) WHERE id = ?")
        .bind(d.at, d.webhookId),
    },
  ];
}
