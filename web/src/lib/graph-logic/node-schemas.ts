// The input and output schemas a node shows. Usually its block's; AGENT nodes (AgentExecutorBlock) take
// their pins from the sub-graph schemas kept in their own defaults, and the values of those pins live in
// `input_default.inputs` (AutoGPT blocks/agent.py; graph/pins.ts does the same on the server).
import type { BlockInfo } from "../api/schemas";
import { isSchema, type JsonSchema } from "./json-schema";

/** Fields of the executor block that the editor fills in itself; a person edits the sub-graph's inputs. */
const AGENT_INTERNAL = new Set(["user_id", "inputs", "input_schema", "output_schema", "nodes_input_masks"]);

export type NodeSchemas = {
  input: JsonSchema;
  output: JsonSchema;
  /** Pins whose values are stored under `input_default.inputs` (the sub-graph's inputs). */
  nested: ReadonlySet<string>;
};

const NONE: ReadonlySet<string> = new Set();

export function nodeSchemas(block: BlockInfo, inputs: Record<string, unknown>): NodeSchemas {
  if (block.block_type !== "AGENT") return { input: block.input_schema, output: block.output_schema, nested: NONE };
  const sub = (key: string): JsonSchema => (isSchema(inputs[key]) ? (inputs[key] as JsonSchema) : {});
  const subIn = sub("input_schema");
  const subOut = sub("output_schema");
  const own = block.input_schema.properties ?? {};
  const ownProps = Object.fromEntries(
    Object.entries(own).map(([k, s]) => [k, AGENT_INTERNAL.has(k) ? { ...s, hidden: true } : s]),
  );
  return {
    input: {
      type: "object",
      properties: { ...ownProps, ...(subIn.properties ?? {}) },
      required: [
        ...(block.input_schema.required ?? []).filter((k) => !AGENT_INTERNAL.has(k)),
        ...(subIn.required ?? []),
      ],
    },
    output: {
      type: "object",
      properties: { ...(subOut.properties ?? {}), error: block.output_schema.properties?.error ?? { type: "string" } },
    },
    nested: new Set(Object.keys(subIn.properties ?? {})),
  };
}
