// The AutoGPT-compatible graph JSON (backend/data/graph.py). Unknown extra fields are stripped, not fatal,
// so exports from AutoGPT (which carry computed fields such as input_schema) import unchanged.
import { z } from "zod";

export const LinkSchema = z.object({
  id: z.string().optional(),
  source_id: z.string().min(1),
  sink_id: z.string().min(1),
  source_name: z.string().min(1),
  sink_name: z.string().min(1),
  is_static: z.boolean().default(false),
});
export type Link = z.output<typeof LinkSchema>;

export const NodeSchema = z.object({
  id: z.string().min(1),
  block_id: z.string().min(1),
  input_default: z.record(z.string(), z.unknown()).default({}),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type GraphNode = z.output<typeof NodeSchema>;

const graphFields = {
  id: z.string().optional(),
  version: z.number().int().positive().optional(),
  is_active: z.boolean().optional(),
  name: z.string().max(200).default("Untitled agent"),
  description: z.string().max(10_000).default(""),
  instructions: z.string().max(10_000).nullish(),
  recommended_schedule_cron: z.string().max(200).nullish(),
  nodes: z.array(NodeSchema).default([]),
  links: z.array(LinkSchema).default([]),
  forked_from_id: z.string().nullish(),
  forked_from_version: z.number().int().nullish(),
};

export const BaseGraphSchema = z.object(graphFields);
export const GraphSchema = z.object({ ...graphFields, sub_graphs: z.array(BaseGraphSchema).default([]) });
export type BaseGraph = z.output<typeof BaseGraphSchema>;
export type Graph = z.output<typeof GraphSchema>;
