import { z } from "zod";
import { defineBlock, type EngineServices, type SubRunResult } from "../contract";

const finishedChild = (outputs: SubRunResult["outputs"]): EngineServices => ({
  review: async () => undefined,
  runGraph: async () => ({
    executionId: "child",
    status: "COMPLETED",
    outputs,
    error: null,
    cost: 0,
    nodeExecCount: 2,
  }),
});

/**
 * Runs another of the owner's agents as a sub-run (its own Durable Object) and yields each of its
 * outputs under the output's name, in the order they were produced (AutoGPT's AgentExecutorBlock).
 * The pins are dynamic: inputs come from `input_schema`, outputs from `output_schema`. As in AutoGPT a
 * failed or cancelled sub-run ends this node with whatever outputs it produced.
 */
export const agentExecutorBlock = defineBlock({
  id: "e189baac-8c20-45a1-94a7-55177ea42565",
  name: "AgentExecutorBlock",
  description: "Executes an existing agent inside your agent",
  categories: ["AGENT"],
  blockType: "AGENT",
  dynamicOutput: true,
  input: z.object({
    user_id: z.string().default("").describe("User ID (ignored: sub-agents always run as the run's owner)"),
    graph_id: z.string().describe("Graph ID"),
    graph_version: z.number().int().positive().optional().describe("Graph Version; the active one when absent"),
    agent_name: z.string().nullish().describe("Name to display in the Builder UI"),
    inputs: z.record(z.string(), z.unknown()).default({}).describe("Input data for the graph"),
    input_schema: z.record(z.string(), z.unknown()).default({}).describe("Input schema for the graph"),
    output_schema: z.record(z.string(), z.unknown()).default({}).describe("Output schema for the graph"),
    nodes_input_masks: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe("Per-node input overrides (not supported yet)"),
  }),
  output: z.object({}),
  async *run(input, ctx) {
    if (!ctx.engine) throw new Error("AgentExecutorBlock runs only inside a graph run");
    const result = await ctx.engine.runGraph({
      graphId: input.graph_id,
      graphVersion: input.graph_version,
      inputs: input.inputs,
    });
    for (const [name, value] of result.outputs) yield [name, value] as never;
  },
  tests: [
    {
      name: "yields the sub-run's outputs in order",
      input: { graph_id: "g", graph_version: 1, inputs: { x: 1 } },
      ctx: {
        engine: finishedChild([
          ["answer", 42],
          ["answer", 43],
        ]),
      },
      expect: [
        ["answer", 42],
        ["answer", 43],
      ],
    },
  ],
});
