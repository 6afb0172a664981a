// The webhook resource: views and the ingress answers, one definition each.
import { z } from "@hono/zod-openapi";
import { RunResultView } from "../../engine/views";
import { WebhookViewShape } from "./view";

export const WebhookView = WebhookViewShape.openapi("Webhook");
export type WebhookView = z.infer<typeof WebhookView>;

export const WebhookUpdate = z
  .object({
    preset_id: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .describe("One of your presets of this webhook's graph, or null for none (deleting the preset sets null)"),
  })
  .openapi("WebhookUpdate");

export const WebhookList = z.object({ items: z.array(WebhookView) }).openapi("WebhookList");

export const WebhookSecret = z
  .object({ secret: z.string().describe("Shown once: the old secret stops working now") })
  .openapi("WebhookSecret");

export const DeliveryView = z
  .object({
    id: z.string(),
    status: z.number().int().describe("The HTTP status the delivery was answered with"),
    execution_id: z.string().nullable(),
    body_bytes: z.number().int(),
    error: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("WebhookDelivery");

export const DeliveryPage = z
  .object({ items: z.array(DeliveryView), next_cursor: z.string().nullable() })
  .openapi("WebhookDeliveryPage");

export const IngressAccepted = z.object({ execution_id: z.string() }).openapi("WebhookAccepted");
export const IngressResult = RunResultView.extend({ execution_id: z.string() }).openapi("WebhookRunResult");

export const IngressQuery = z.object({
  wait: z.coerce
    .number()
    .min(0)
    .max(60)
    .optional()
    .describe("Seconds to wait for the run to finish: 200 with its outputs if it does, else 202"),
});
