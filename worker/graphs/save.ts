// The write paths of the graphs API, shared by create, import and update: read the body (a graph, or
// AutoGPT's `{graph: …}` wrapper), give it ids, force static links, validate everything at once, store.
import type { z } from "zod";
import type { BlockCatalog } from "../../graph/block-catalog";
import { graphIdsOf, type ImportWarning, planImport } from "../../graph/import";
import { isJsonObject } from "../../graph/json-object";
import { normalizeBaseGraph, normalizeGraph } from "../../graph/normalize";
import { AGENT_EXECUTOR_BLOCK_ID, type BaseGraph, BaseGraphSchema, type Graph, GraphSchema } from "../../graph/schema";
import { type GraphProblem, validateGraph } from "../../graph/validate";
import { badRequest, type ErrorDetail, zodDetails } from "../errors";
import { appendVersion, existingGraphIds, insertGraphs } from "./repository";

/** AutoGPT's create endpoint takes `{graph, source}`; a bare graph is accepted too. */
const unwrap = (raw: unknown) =>
  isJsonObject(raw) && isJsonObject(raw.graph) ? { raw: raw.graph, prefix: "graph." } : { raw, prefix: "" };

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  const { raw, prefix } = unwrap(body);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const details = zodDetails(parsed.error.issues).map((d) => ({ ...d, path: `${prefix}${d.path}` }));
    throw badRequest("Invalid graph", details);
  }
  return parsed.data;
}

/** Parses a request body holding a graph (with sub_graphs); 400 with field paths when malformed. */
export const readGraph = (body: unknown): Graph => parseWith(GraphSchema, body);

/** Parses a request body holding one graph version (sub_graphs ignored); 400 with field paths. */
export const readBaseGraph = (body: unknown): BaseGraph => parseWith(BaseGraphSchema, body);

const problemDetails = (problems: GraphProblem[]): ErrorDetail[] =>
  problems.map(({ path, message }) => ({ path, message }));

function refuseInvalid(graph: Graph | BaseGraph, catalog: BlockCatalog, allowPlaceholders: boolean) {
  const { errors } = validateGraph(graph, catalog, { allowPlaceholders });
  if (errors.length > 0) {
    throw badRequest(
      `Graph is invalid: ${errors.length} problem${errors.length === 1 ? "" : "s"}`,
      problemDetails(errors),
    );
  }
}

export type Created = { id: string; warnings: ImportWarning[] };

/**
 * Stores a new graph (version 1, active) and its sub-graphs.
 * - `create`: every graph gets a fresh id (as AutoGPT's create does) and unknown blocks are refused.
 * - `import`: ids are kept unless taken; unknown blocks become placeholder nodes, reported as warnings.
 */
export async function createGraphs(
  d1: D1Database,
  ownerId: string,
  file: Graph,
  catalog: BlockCatalog,
  mode: "create" | "import",
): Promise<Created> {
  const ids = graphIdsOf(file);
  // Two imports of one file can race for the same free ids: the loser retries with them taken.
  for (let attempt = 1; ; attempt++) {
    const taken = mode === "create" ? new Set(ids) : await existingGraphIds(d1, ids);
    const plan = planImport(file, { catalog, ownerId, takenGraphIds: taken });
    const graph = normalizeGraph(plan.graph, catalog);
    refuseInvalid(graph, catalog, mode === "import");
    try {
      await insertGraphs(d1, ownerId, [
        { ...graph, id: plan.graph.id, version: 1 },
        ...graph.sub_graphs.map((sub) => ({ ...sub, id: sub.id ?? crypto.randomUUID(), version: sub.version ?? 1 })),
      ]);
      return { id: plan.graph.id, warnings: mode === "import" ? plan.warnings : [] };
    } catch (err) {
      if (attempt >= 3 || !isUniqueViolation(err)) throw err;
    }
  }
}

const isUniqueViolation = (err: unknown) => {
  const text = err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : String(err);
  return text.includes("UNIQUE constraint failed");
};

/**
 * Saves a new version of the owner's graph (max+1, made active). Placeholder nodes kept from an import
 * are accepted so imported graphs stay editable. Null when the owner has no such graph.
 */
export async function saveNewVersion(
  d1: D1Database,
  ownerId: string,
  id: string,
  body: BaseGraph,
  catalog: BlockCatalog,
): Promise<number | null> {
  const normalized = normalizeBaseGraph(body, catalog);
  // Sub-agents always run as the graph's owner, whatever the body says.
  const graph = {
    ...normalized,
    nodes: normalized.nodes.map((node) =>
      node.block_id === AGENT_EXECUTOR_BLOCK_ID
        ? { ...node, input_default: { ...node.input_default, user_id: ownerId } }
        : node,
    ),
  };
  refuseInvalid(graph, catalog, true);
  return appendVersion(d1, ownerId, id, graph);
}
