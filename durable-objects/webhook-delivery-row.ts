// A webhook delivery answered 202 is recorded by its run, in the same D1 batch as the run's index row
// (run-index.ts), instead of in a D1 write of its own after the answer: the ingress path then costs one D1
// read (the webhook row) and no write of its own. The statements are idempotent (the delivery's id was chosen
// by the ingress; the last-delivery time only moves forward), so a batch sent again after a restart records it
// once.

import { eq, sql } from "drizzle-orm";
import { d1Statement, orm } from "../db/orm";
import { webhookDeliveries, webhooks } from "../db/schema";
import type { IndexExtra } from "./run-index";
import type { RunRow } from "./run-row";

/** What the ingress hands the run to record: the delivery's id, webhook, body size and time (ISO 8601). */
export type WebhookDeliveryRef = { id: string; webhookId: string; bodyBytes: number; at: string };

export const ACCEPTED_STATUS = 202;

/** The delivery's statements for the run's index-row batch; none when the run did not start from one. */
export function webhookDeliveryExtras(db: D1Database, run: RunRow): IndexExtra[] {
  const d = run.options.webhookDelivery;
  if (!d) return [];
  const o = orm(db);
  return [
    {
      statement: d1Statement(
        db,
        o
          .insert(webhookDeliveries)
          .values({
            id: d.id,
            webhookId: d.webhookId,
            ownerId: run.ownerId,
            status: ACCEPTED_STATUS,
            executionId: run.executionId,
            bodyBytes: d.bodyBytes,
            error: null,
            createdAt: d.at,
          })
          .onConflictDoNothing(),
      ),
    },
    {
      statement: d1Statement(
        db,
        o
          .update(webhooks)
          .set({ lastDeliveryAt: sql`MAX(IFNULL(${webhooks.lastDeliveryAt}, ''), ${d.at})` })
          .where(eq(webhooks.id, d.webhookId)),
      ),
    },
  ];
}
