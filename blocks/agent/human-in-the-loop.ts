import { z } from "zod";
import { defineBlock, type EngineServices } from "../contract";

const approvingEngine = (decision: { approved: boolean; data: unknown; message: string }): EngineServices => ({
  review: async () => decision,
  runGraph: async () => {
    throw new Error("not in this test");
  },
});

/**
 * Pauses the run until a person approves or rejects `data` (possibly editing it). The engine records a
 * pending review and parks the node in REVIEW; once decided, the node runs again and this block yields
 * the reviewer's data on `approved_data` or `rejected_data` (AutoGPT's HumanInTheLoopBlock).
 */
export const humanInTheLoopBlock = defineBlock({
  id: "8b2a7b3c-6e9d-4a5f-8c1b-2e3f4a5b6c7d",
  name: "HumanInTheLoopBlock",
  description: "Pause execution and wait for human approval or modification of data",
  categories: ["BASIC"],
  blockType: "HUMAN_IN_THE_LOOP",
  input: z.object({
    data: z.unknown().describe("The data to be reviewed by a human user"),
    name: z.string().describe("A descriptive name for what this data represents"),
    editable: z.boolean().default(true).describe("Whether the human reviewer can edit the data"),
  }),
  output: z.object({
    approved_data: z.unknown().describe("The data when approved (may be modified by reviewer)"),
    rejected_data: z.unknown().describe("The data when rejected (may be modified by reviewer)"),
    review_message: z.string().describe("Any message provided by the reviewer"),
  }),
  async *run(input, ctx) {
    if (!ctx.engine) {
      // Outside a run there is nobody to ask (AutoGPT's safe mode off): approve as is.
      yield ["approved_data", input.data];
      yield ["review_message", "Auto-approved (no reviewer in this context)"];
      return;
    }
    const decision = await ctx.engine.review({ data: input.data, name: input.name, editable: input.editable });
    if (decision === undefined) return;
    yield decision.approved ? ["approved_data", decision.data] : ["rejected_data", decision.data];
    if (decision.message) yield ["review_message", decision.message];
  },
  tests: [
    {
      name: "approved with the reviewer's data",
      input: { data: { name: "John Doe", age: 30 }, name: "User profile data", editable: true },
      ctx: { engine: approvingEngine({ approved: true, data: { name: "John Doe", age: 30 }, message: "" }) },
      expect: [["approved_data", { name: "John Doe", age: 30 }]],
    },
    {
      name: "rejected with a message",
      input: { data: "draft", name: "Post" },
      ctx: { engine: approvingEngine({ approved: false, data: "draft", message: "too long" }) },
      expect: [
        ["rejected_data", "draft"],
        ["review_message", "too long"],
      ],
    },
  ],
});
