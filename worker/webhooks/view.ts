// A webhook as the API answers it: plain zod, so the editor (web/src/lib/api/triggers.ts) parses with the same
// definition the Worker's routes answer with (schema.ts names it for the OpenAPI document).
import { z } from "zod";

export const WebhookViewShape = z.object({
  id: z.string(),
  graph_id: z.string(),
  node_id: z.string().nullable().describe("The GenericWebhookTriggerBlock node this webhook starts"),
  url: z.string().describe("POST deliveries here"),
  created_at: z.string(),
  has_secret: z.boolean().describe("False until a secret exists (the vault key was missing when it was made)"),
  preset_id: z
    .string()
    .nullable()
    .describe("A preset of this graph: deliveries run with its inputs and credentials (null: none)"),
  last_delivery: z
    .object({ at: z.string(), status: z.number().int().nullable(), execution_id: z.string().nullable() })
    .nullable(),
});
