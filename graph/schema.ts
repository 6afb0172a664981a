// The AutoGPT-compatible graph JSON (backend/data/graph.py). Unknown extra fields are stripped, not fatal,
// so exports from AutoGPT (which carry computed fields such as input_schema, per-node input_links, or the
// old template format's `is_template`/`subgraphs` dict) import unchanged.
import { z } from "zod";

/** Size limits of one graph; past them a save is refused with a 400 naming the field. */
export const GRAPH_LIMITS = {
  nodes: 2_000,
  links: 5_000,
  subGraphs: 50,
  name: 200,
  description: 10_000,
} as const;

/** JSON object fields that older exports sometimes write as null. */
const jsonObject = () =>
  z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((v) => v ?? {});

/** Node ids and pin names appear in paths and messages; real ones are UUIDs and short names. */
const nodeId = () => z.string().min(1).max(200);
const pinName = () => z.string().min(1).max(500);

export const LinkSchema = z.object({
  id: z.string().max(200).optional(),
  source_id: nodeId(),
  sink_id: nodeId(),
  source_name: pinName(),
  sink_name: pinName(),
  // Old template exports have no is_static; null is treated the same.
  is_static: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
});
export type Link = z.output<typeof LinkSchema>;

export const NodeSchema = z.object({
  id: nodeId(),
  block_id: z.string().min(1).max(100),
  input_default: jsonObject(),
  metadata: jsonObject(),
});
export type GraphNode = z.output<typeof NodeSchema>;

const graphFields = {
  id: z.string().optional(),
  version: z.number().int().positive().optional(),
  is_active: z.boolean().optional(),
  name: z.string().max(GRAPH_LIMITS.name).default("Untitled agent"),
  description: z
    .string()
    .max(GRAPH_LIMITS.description)
    .nullish()
    .transform((v) => v ?? ""),
  instructions: z.string().max(GRAPH_LIMITS.description).nullish(),
  recommended_schedule_cron: z.string().max(200).nullish(),
  nodes: z
    .array(NodeSchema)
    .max(GRAPH_LIMITS.nodes, `A graph may hold at most ${GRAPH_LIMITS.nodes} nodes`)
    .default([]),
  links: z
    .array(LinkSchema)
    .max(GRAPH_LIMITS.links, `A graph may hold at most ${GRAPH_LIMITS.links} links`)
    .default([]),
  forked_from_id: z.string().nullish(),
  forked_from_version: z.number().int().nullish(),
};

export const BaseGraphSchema = z.object(graphFields);
export const GraphSchema = z.object({
  ...graphFields,
  sub_graphs: z.array(BaseGraphSchema).max(GRAPH_LIMITS.subGraphs).default([]),
});
export type BaseGraph = z.output<typeof BaseGraphSchema>;
export type Graph = z.output<typeof GraphSchema>;

/** AgentExecutorBlock: a node that runs another graph (AutoGPT blocks/agent.py). */
export const AGENT_EXECUTOR_BLOCK_ID = "e189baac-8c20-45a1-94a7-55177ea42565";

/** Node metadata flag for a node whose block this platform lacks (kept from an import; cannot run). */
export const isPlaceholderNode = (node: GraphNode) => node.metadata.placeholder === true;
