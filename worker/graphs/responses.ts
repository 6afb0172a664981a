// The graph resource as the API returns it (zod, so the OpenAPI document and the handler types agree).
import { z } from "@hono/zod-openapi";
import type { BlockCatalog } from "../../graph/block-catalog";
import { credentialsInputSchema } from "../../graph/credentials-inputs";
import { exportLink } from "../../graph/export";
import { graphInputSchema, graphOutputSchema } from "../../graph/io-schema";
import { validateGraph } from "../../graph/validate";
import { type GraphVersion, type GraphWithSubGraphs, LastExecution, type ListedGraph } from "./repository";

export const GraphProblem = z
  .object({
    path: z.string().openapi({ example: "nodes.9b1c….b" }),
    message: z.string(),
    node_id: z.string().optional(),
    pin: z.string().optional(),
  })
  .openapi("GraphProblem");

const JsonObject = z.record(z.string(), z.unknown());

const IoSchema = z
  .object({ type: z.literal("object"), properties: z.record(z.string(), JsonObject), required: z.array(z.string()) })
  .openapi("GraphIoSchema", { description: "JSON Schema computed from the graph's input (or output) nodes" });

const NodeOut = z.object({ id: z.string(), block_id: z.string(), input_default: JsonObject, metadata: JsonObject });

const LinkOut = z.object({
  id: z.string(),
  source_id: z.string(),
  sink_id: z.string(),
  source_name: z.string(),
  sink_name: z.string(),
  is_static: z.boolean(),
});

/** What identifies and names one version, in listings. */
const versionInfoFields = {
  id: z.string(),
  version: z.number().int(),
  is_active: z.boolean(),
  name: z.string(),
  description: z.string(),
  created_at: z.string(),
};

const graphVersionFields = {
  ...versionInfoFields,
  instructions: z.string().nullable(),
  recommended_schedule_cron: z.string().nullable(),
  nodes: z.array(NodeOut),
  links: z.array(LinkOut),
  forked_from_id: z.string().nullable(),
  forked_from_version: z.number().int().nullable(),
  input_schema: IoSchema,
  output_schema: IoSchema,
};

export const SubGraphOut = z.object(graphVersionFields).openapi("SubGraph");

export const GraphOut = z
  .object({
    ...graphVersionFields,
    sub_graphs: z.array(SubGraphOut),
    credentials_input_schema: JsonObject.openapi({
      description:
        "The credentials a run needs (AutoGPT's shape): one property per provider/type, keyed like openai_api_key_credentials; execute takes them as credentials_inputs",
    }),
    warnings: z.array(GraphProblem).openapi({
      description: "Problems that do not block saving: required inputs still empty, placeholder blocks",
    }),
  })
  .openapi("Graph");

const LastExecutionOut = LastExecution.openapi("GraphLastExecution", {
  description: "The caller's newest run of the graph (any version), as its runs list shows it first",
});

export const GraphSummary = z
  .object({
    ...versionInfoFields,
    node_count: z.number().int(),
    input_schema: IoSchema,
    output_schema: IoSchema,
    last_execution: LastExecutionOut.nullable().openapi({ description: "Null when the graph never ran" }),
  })
  .openapi("GraphSummary");

export const GraphVersionInfo = z.object(versionInfoFields).openapi("GraphVersionInfo");

function versionOut(graph: GraphVersion, catalog: BlockCatalog): z.infer<typeof SubGraphOut> {
  return {
    id: graph.id,
    version: graph.version,
    is_active: graph.is_active,
    name: graph.name,
    description: graph.description,
    instructions: graph.instructions ?? null,
    recommended_schedule_cron: graph.recommended_schedule_cron ?? null,
    nodes: graph.nodes,
    links: graph.links.map((link, i) => exportLink(link, i, graph.id)),
    forked_from_id: graph.forked_from_id ?? null,
    forked_from_version: graph.forked_from_version ?? null,
    input_schema: graphInputSchema(graph, catalog),
    output_schema: graphOutputSchema(graph, catalog),
    created_at: graph.created_at,
  };
}

/** The API form of a stored graph: computed schemas and the current warnings included. */
export function graphOut(graph: GraphWithSubGraphs, catalog: BlockCatalog): z.infer<typeof GraphOut> {
  return {
    ...versionOut(graph, catalog),
    sub_graphs: graph.sub_graphs.map((sub) => versionOut(sub, catalog)),
    credentials_input_schema: credentialsInputSchema(graph, catalog),
    warnings: validateGraph(graph, catalog, { allowPlaceholders: true, checkSubGraphRefs: true }).warnings,
  };
}

export function graphSummary(graph: ListedGraph, catalog: BlockCatalog): z.infer<typeof GraphSummary> {
  return {
    id: graph.id,
    version: graph.version,
    is_active: graph.is_active,
    name: graph.name,
    description: graph.description,
    created_at: graph.created_at,
    node_count: graph.nodes.length,
    input_schema: graphInputSchema(graph, catalog),
    output_schema: graphOutputSchema(graph, catalog),
    last_execution: graph.last_execution,
  };
}
