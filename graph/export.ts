// Our graph → AutoGPT-compatible export JSON (the top-level keys of AutoGPT v0.6.44 exports, per-node
// input_links/output_links, computed schemas), with secrets stripped the way AutoGPT's
// NodeModel.stripped_for_export does: any input_default key whose pin is secret or whose name looks like a
// secret (AutoGPT's credentials|api_key|password|token|secret, and more: SECRET_NAME) goes, except booleans (an input node's `secret`
// flag survives); secret input nodes drop their `value`; the importing user id is blanked. Beyond AutoGPT: string
// values keep their place with the secrets inside their text masked (URLs, header and assignment lines, JSON text:
// secret-names.ts maskTextSecrets).
import type { BlockCatalog, JsonSchema } from "./block-catalog";
import { credentialsInputSchema } from "./credentials-inputs";
import { type GraphIoSchema, graphInputSchema, graphOutputSchema } from "./io-schema";
import { AGENT_EXECUTOR_BLOCK_ID, type BaseGraph, type GraphNode, GraphSchema, type Link } from "./schema";
import { maskTextSecrets, SECRET_NAME, stripSecretFields } from "./secret-names";

/** A stored graph version: the body plus the identity fields storage adds. */
export type StoredGraph = BaseGraph & { id: string; version: number; is_active?: boolean; created_at?: string };

export type ExportLink = Required<Omit<Link, "id">> & { id: string };
export type ExportNode = GraphNode & {
  input_links: ExportLink[];
  output_links: ExportLink[];
  graph_id: string;
  graph_version: number;
  webhook_id: null;
  webhook: null;
};

export type ExportedBaseGraph = {
  id: string;
  version: number;
  is_active: boolean;
  name: string;
  description: string;
  instructions: string | null;
  recommended_schedule_cron: string | null;
  nodes: ExportNode[];
  links: ExportLink[];
  forked_from_id: string | null;
  forked_from_version: number | null;
  input_schema: GraphIoSchema;
  output_schema: GraphIoSchema;
  has_external_trigger: boolean;
  has_human_in_the_loop: boolean;
  has_sensitive_action: boolean;
  trigger_setup_info: null;
  credentials_input_schema: JsonSchema;
};

export type ExportedGraph = ExportedBaseGraph & {
  sub_graphs: ExportedBaseGraph[];
  user_id: "";
  created_at: string | null;
};

/** input_default without anything that could be a secret. */
export function strippedInputDefault(node: GraphNode, catalog: BlockCatalog): Record<string, unknown> {
  const block = catalog(node.block_id);
  const pins = block?.input.properties ?? {};
  const stripped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node.input_default)) {
    if (pins[key]?.secret === true) continue;
    // A pin whose keys are names it describes (a structured answer's `expected_format`: `{token_count: "…"}`)
    // holds no secret field: stripped like any object it would import broken. Its text is still masked.
    if (pins[key]?.secret_free === true) {
      stripped[key] = maskTextSecrets(value, stripSecretFields);
      continue;
    }
    if (SECRET_NAME.test(key) && typeof value !== "boolean") continue;
    // A value that is an object (a headers map, a request body) keeps no secret-named field either, nor does one
    // written as JSON text. Text keeps its place with only the secret parts masked (a URL's password and
    // secret-named parameters, the value of an `Authorization: …` or `api_key=…`): dropping the whole `url` or
    // prompt would break the import of the node, and the rest is no secret.
    stripped[key] = maskTextSecrets(stripSecretFields(value), stripSecretFields);
  }
  if (block?.blockType === "INPUT" && node.input_default.secret === true) delete stripped.value;
  if (node.block_id === AGENT_EXECUTOR_BLOCK_ID && "user_id" in stripped) stripped.user_id = "";
  if (node.block_id === AGENT_EXECUTOR_BLOCK_ID) stripSubAgentSecrets(stripped);
  return stripped;
}

/**
 * An AgentExecutor node sets its sub-graph's inputs in `inputs` and keeps a copy of the sub-graph's input schema:
 * for an input the sub-graph marks secret (`input_schema.properties.<name>.secret`), the value set and the
 * schema's `default` go, as a secret input's own value does.
 */
function stripSubAgentSecrets(inputDefault: Record<string, unknown>): void {
  const schema = inputDefault.input_schema as { properties?: unknown } | undefined;
  const properties = schema?.properties;
  if (!properties || typeof properties !== "object" || Array.isArray(properties)) return;
  const secret = new Set(
    Object.entries(properties as Record<string, { secret?: unknown } | null>)
      .filter(([, p]) => p?.secret === true)
      .map(([name]) => name),
  );
  if (secret.size === 0) return;
  inputDefault.input_schema = {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, p]) => {
        if (!secret.has(name)) return [name, p];
        const { default: _value, ...rest } = p as Record<string, unknown>;
        return [name, rest];
      }),
    ),
  };
  const inputs = inputDefault.inputs;
  if (inputs && typeof inputs === "object" && !Array.isArray(inputs)) {
    inputDefault.inputs = Object.fromEntries(Object.entries(inputs).filter(([name]) => !secret.has(name)));
  }
}

/** A link as exports and the API show it: its fields only, with an id even when stored without one. */
export const exportLink = (link: Link, index: number, graphId: string): ExportLink => ({
  id: link.id ?? `${graphId}-link-${index}`,
  source_id: link.source_id,
  sink_id: link.sink_id,
  source_name: link.source_name,
  sink_name: link.sink_name,
  is_static: link.is_static,
});

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function exportBase(stored: StoredGraph, catalog: BlockCatalog): ExportedBaseGraph {
  // The computed schemas read input_default (a secret input's value would become its schema `default`),
  // so everything below works on the stripped nodes.
  const graph = {
    ...stored,
    nodes: stored.nodes.map((node) => ({ ...node, input_default: strippedInputDefault(node, catalog) })),
  };
  const links = graph.links.map((link, i) => exportLink(link, i, graph.id));
  const into = groupBy(links, (l) => l.sink_id);
  const outOf = groupBy(links, (l) => l.source_id);
  const blockTypes = graph.nodes.map((node) => catalog(node.block_id)?.blockType);
  return {
    id: graph.id,
    version: graph.version,
    is_active: graph.is_active ?? true,
    name: graph.name,
    description: graph.description,
    instructions: graph.instructions ?? null,
    recommended_schedule_cron: graph.recommended_schedule_cron ?? null,
    nodes: graph.nodes.map((node) => ({
      id: node.id,
      block_id: node.block_id,
      input_default: node.input_default,
      metadata: node.metadata,
      input_links: into.get(node.id) ?? [],
      output_links: outOf.get(node.id) ?? [],
      graph_id: graph.id,
      graph_version: graph.version,
      webhook_id: null,
      webhook: null,
    })),
    links,
    forked_from_id: graph.forked_from_id ?? null,
    forked_from_version: graph.forked_from_version ?? null,
    input_schema: graphInputSchema(graph, catalog),
    output_schema: graphOutputSchema(graph, catalog),
    has_external_trigger: blockTypes.includes("WEBHOOK"),
    has_human_in_the_loop: blockTypes.includes("HUMAN_IN_THE_LOOP"),
    has_sensitive_action: false,
    trigger_setup_info: null,
    credentials_input_schema: credentialsInputSchema(graph, catalog),
  };
}

/**
 * The AutoGPT export of a stored graph version with its sub-graphs.
 * @example JSON.stringify(exportGraph(stored, subGraphs, blockCatalog))
 */
export function exportGraph(graph: StoredGraph, subGraphs: StoredGraph[], catalog: BlockCatalog): ExportedGraph {
  const base = exportBase(graph, catalog);
  // Key order as in AutoGPT's own export files, so a diff against one stays small.
  return {
    id: base.id,
    version: base.version,
    is_active: base.is_active,
    name: base.name,
    description: base.description,
    instructions: base.instructions,
    recommended_schedule_cron: base.recommended_schedule_cron,
    nodes: base.nodes,
    links: base.links,
    forked_from_id: base.forked_from_id,
    forked_from_version: base.forked_from_version,
    sub_graphs: subGraphs.map((sub) => exportBase(sub, catalog)),
    user_id: "",
    created_at: graph.created_at ?? null,
    input_schema: base.input_schema,
    output_schema: base.output_schema,
    has_external_trigger: base.has_external_trigger,
    has_human_in_the_loop: base.has_human_in_the_loop,
    has_sensitive_action: base.has_sensitive_action,
    trigger_setup_info: base.trigger_setup_info,
    credentials_input_schema: base.credentials_input_schema,
  };
}

/**
 * A frozen export (a store listing's snapshot, stored when it was submitted) exported again under today's rules,
 * as every read of one serves it: a listing frozen before a rule was added is served without what the rule
 * strips, with no migration of the stored rows.
 * @example reexport(JSON.parse(row.snapshot), blockCatalog)
 */
export function reexport(frozen: unknown, catalog: BlockCatalog): ExportedGraph {
  const { sub_graphs, ...graph } = GraphSchema.parse(frozen);
  const stored = (g: BaseGraph): StoredGraph => ({ ...g, id: g.id ?? "", version: g.version ?? 1 });
  const createdAt = (frozen as { created_at?: unknown }).created_at;
  return exportGraph(
    { ...stored(graph), created_at: typeof createdAt === "string" ? createdAt : undefined },
    sub_graphs.map(stored),
    catalog,
  );
}
