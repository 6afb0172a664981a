import { z } from "zod";
import { defineBlock } from "../contract";

/**
 * AutoGPT's GenericWebhookTriggerBlock: the entry of a graph started by `POST /api/v1/webhooks/:id/ingress`.
 * The ingress route sets `payload` (hidden in AutoGPT) to the delivery's body for that run; `constants` are set
 * on the node when it is put on the graph.
 */
export const genericWebhookTriggerBlock = defineBlock({
  inMemory: true,
  id: "8fa8c167-2002-47ce-aba8-97572fc5d387",
  name: "GenericWebhookTriggerBlock",
  description: "This block will output the contents of the generic input for the webhook.",
  categories: ["INPUT"],
  blockType: "WEBHOOK",
  input: z.object({
    payload: z
      .unknown()
      .default({})
      .describe("The webhook delivery's body: parsed JSON, or the text of a non-JSON body (set by the webhook)"),
    constants: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("The constants to be set when the block is put on the graph"),
  }),
  output: z.object({
    payload: z.unknown().describe("The complete webhook payload that was received from the generic webhook."),
    constants: z.record(z.string(), z.unknown()).describe("The constants to be set when the block is put on the graph"),
  }),
  async *run(input) {
    yield ["constants", input.constants];
    yield ["payload", input.payload];
  },
  tests: [
    {
      name: "constants, then the delivery's payload",
      input: { constants: { key: "value" }, payload: { message: "Hello, World!" } },
      expect: [
        ["constants", { key: "value" }],
        ["payload", { message: "Hello, World!" }],
      ],
    },
  ],
});
