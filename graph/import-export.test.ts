import { describe, expect, it } from "vitest";
import { blockCatalog } from "../blocks/catalog";
import type { BlockCatalog } from "./block-catalog";
import { type ExportedGraph, exportGraph, type StoredGraph, strippedInputDefault } from "./export";
import aiFunctionAgent from "./fixtures/autogpt/ai_function_agent_516d813b.json";
import emailFinderAgent from "./fixtures/autogpt/email_address_finder_agent_fc2c9976.json";
import testingAgent from "./fixtures/autogpt/testing_agent_calculator.json";
import missingBlocks from "./fixtures/autogpt-compat/missing_blocks.json";
import { BLOCK } from "./fixtures/conformance";
import { graphIdsOf, planImport } from "./import";
import { normalizeGraph } from "./normalize";
import { AGENT_EXECUTOR_BLOCK_ID, type Graph, GraphSchema } from "./schema";
import { validateGraph } from "./validate";

const catalog: BlockCatalog = blockCatalog;
const examples = [
  ["testing agent", testingAgent],
  ["AI function agent", aiFunctionAgent],
  ["email address finder", emailFinderAgent],
] as const;

/** What must survive a round trip: nodes with their inputs, links with their ends and static flag. */
function structure(graph: { nodes: readonly unknown[]; links: readonly unknown[] }) {
  const nodes = (graph.nodes as { id: string; block_id: string; input_default: Record<string, unknown> }[])
    .map((n) => ({ id: n.id, block_id: n.block_id, input_default: n.input_default }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const links = (
    graph.links as { source_id: string; sink_id: string; source_name: string; sink_name: string; is_static?: boolean }[]
  )
    .map((l) => `${l.source_id}.${l.source_name} -> ${l.sink_id}.${l.sink_name} static=${l.is_static ?? false}`)
    .sort();
  return { nodes, links };
}

const asStored = (graph: Graph & { id: string; version: number }): StoredGraph => ({ ...graph, is_active: true });

function importAndExport(file: unknown, taken: ReadonlySet<string> = new Set()) {
  const parsed = GraphSchema.parse(file);
  const plan = planImport(parsed, { catalog, ownerId: "owner-1", takenGraphIds: taken });
  const graph = normalizeGraph(plan.graph, catalog) as typeof plan.graph;
  const exported = exportGraph(
    asStored(graph),
    graph.sub_graphs.map((s) => ({ ...s, id: s.id ?? "", version: s.version ?? 1 })),
    catalog,
  );
  return { plan, graph, exported };
}

const TOP_LEVEL_KEYS = [
  "id",
  "version",
  "is_active",
  "name",
  "description",
  "instructions",
  "recommended_schedule_cron",
  "nodes",
  "links",
  "forked_from_id",
  "forked_from_version",
  "sub_graphs",
  "user_id",
  "created_at",
  "input_schema",
  "output_schema",
  "has_external_trigger",
  "has_human_in_the_loop",
  "has_sensitive_action",
  "trigger_setup_info",
  "credentials_input_schema",
];
const NODE_KEYS = [
  "id",
  "block_id",
  "input_default",
  "metadata",
  "input_links",
  "output_links",
  "graph_id",
  "graph_version",
  "webhook_id",
  "webhook",
];

describe.each(examples)("AutoGPT example: %s", (_, file) => {
  it("imports (ids kept when free), validates, exports and re-imports unchanged in structure", () => {
    const { plan, graph, exported } = importAndExport(file);
    expect(graph.id).toBe(file.id);
    expect(validateGraph(graph, catalog, { allowPlaceholders: true }).errors).toEqual([]);

    // Static flags the platform forces agree with the ones AutoGPT wrote.
    expect(structure(graph)).toEqual(structure(file));
    expect(structure(exported)).toEqual(structure(file));
    expect(Object.keys(exported)).toEqual(TOP_LEVEL_KEYS);
    for (const node of exported.nodes) {
      expect(Object.keys(node).sort()).toEqual([...NODE_KEYS].sort());
      expect(node.input_links.every((l) => l.sink_id === node.id)).toBe(true);
      expect(node.output_links.every((l) => l.source_id === node.id)).toBe(true);
    }
    expect(exported.nodes.flatMap((n) => n.input_links)).toHaveLength(file.links.length);

    // The computed schemas name the same inputs and outputs as AutoGPT's, with the same defaults.
    for (const key of ["input_schema", "output_schema"] as const) {
      const ours = exported[key];
      const theirs = file[key] as {
        properties: Record<string, { default?: unknown; title?: string }>;
        required: string[];
      };
      expect(Object.keys(ours.properties).sort()).toEqual(Object.keys(theirs.properties).sort());
      expect([...ours.required].sort()).toEqual([...theirs.required].sort());
      for (const [name, property] of Object.entries(theirs.properties)) {
        expect(ours.properties[name]?.default).toEqual(property.default);
        expect(ours.properties[name]?.title).toEqual(property.title);
      }
    }

    // Placeholders: exactly the nodes whose blocks this platform lacks, flagged and reported.
    const missing = file.nodes.filter((n) => !catalog(n.block_id)).map((n) => n.id);
    expect(plan.warnings.map((w) => w.node_id).sort()).toEqual([...missing].sort());
    for (const node of graph.nodes) expect(node.metadata.placeholder === true).toBe(missing.includes(node.id));

    // Re-import of our own export: the id is taken now, so it is reassigned; the structure stays.
    const again = importAndExport(exported as ExportedGraph, new Set([graph.id]));
    expect(again.graph.id).not.toBe(graph.id);
    expect(structure(again.graph)).toEqual(structure(file));
    expect(structure(again.exported)).toEqual(structure(file));
  });
});

describe("placeholders are named as AutoGPT names their blocks", () => {
  it("keeps AutoGPT's block name on the placeholder node and in the warning; the export carries it back", () => {
    // GetWeatherInformationBlock is one AutoGPT block this platform still lacks.
    const { plan, graph, exported } = importAndExport(missingBlocks as unknown as typeof aiFunctionAgent);
    const weather = graph.nodes.find((n) => n.block_id === "f7a8b2c3-6d4e-5f8b-9e7f-6d4e5f8b9e7f");
    expect(weather?.metadata).toMatchObject({ placeholder: true, block_name: "GetWeatherInformationBlock" });
    expect(plan.warnings.map((w) => w.message)).toContain(
      `Block GetWeatherInformationBlock (f7a8b2c3-6d4e-5f8b-9e7f-6d4e5f8b9e7f) is not available on this platform; node ${weather?.id} was kept as a placeholder with its inputs and links, and the graph cannot run until it is replaced`,
    );
    expect(exported.nodes.find((n) => n.id === weather?.id)?.metadata).toMatchObject({
      block_name: "GetWeatherInformationBlock",
    });
    // A block AutoGPT's catalogue does not list keeps the name its export gave it, or none.
    const custom = GraphSchema.parse({
      name: "x",
      nodes: [
        { id: "a", block_id: "99999999-0000-4000-8000-000000000001", metadata: { block_name: "MyPluginBlock" } },
        { id: "b", block_id: "99999999-0000-4000-8000-000000000002" },
      ],
    });
    const planned = planImport(custom, { catalog, ownerId: "o", takenGraphIds: new Set() });
    expect(planned.graph.nodes.map((n) => n.metadata.block_name)).toEqual(["MyPluginBlock", undefined]);
    expect(planned.warnings[1]?.message).toContain("Block 99999999-0000-4000-8000-000000000002 is not available");
  });
});

describe("import of sub-graphs", () => {
  const SUB = "5c0f3f5e-0000-4000-8000-000000000001";
  const MAIN = "5c0f3f5e-0000-4000-8000-000000000002";
  const file = GraphSchema.parse({
    id: MAIN,
    version: 7,
    name: "parent",
    nodes: [
      {
        id: "run-sub",
        block_id: AGENT_EXECUTOR_BLOCK_ID,
        input_default: {
          graph_id: SUB,
          graph_version: 3,
          user_id: "someone-else",
          input_schema: {},
          output_schema: {},
        },
      },
      {
        id: "run-missing",
        block_id: AGENT_EXECUTOR_BLOCK_ID,
        input_default: { graph_id: "not-in-file", graph_version: 1, inputs: { a: 1 } },
      },
    ],
    sub_graphs: [
      {
        id: SUB,
        version: 3,
        name: "child",
        nodes: [{ id: "n", block_id: BLOCK.storeValue, input_default: { input: 1 } }],
      },
      { id: SUB, version: 3, name: "child duplicate" },
    ],
  });

  it("reassigns colliding ids, remaps AgentExecutor nodes and runs them as the importer", () => {
    expect(graphIdsOf(file)).toEqual([MAIN, SUB, SUB]);
    let counter = 0;
    const { graph, warnings } = planImport(file, {
      catalog,
      ownerId: "importer",
      takenGraphIds: new Set([SUB]),
      newId: () => `new-${++counter}`,
    });
    expect(graph.id).toBe(MAIN);
    expect(graph.version).toBe(1);
    expect(graph.sub_graphs.map((s) => [s.id, s.version, s.name])).toEqual([["new-1", 3, "child"]]);
    const runSub = graph.nodes.find((n) => n.id === "run-sub");
    expect(runSub?.input_default).toMatchObject({
      graph_id: "new-1",
      graph_version: 3,
      user_id: "importer",
      inputs: {},
    });
    const runMissing = graph.nodes.find((n) => n.id === "run-missing");
    expect(runMissing?.input_default).toMatchObject({ graph_id: "not-in-file", inputs: { a: 1 }, user_id: "importer" });
    expect(warnings.filter((w) => w.message.includes("not included"))).toHaveLength(1);
  });

  it("gives ids that are not UUIDs a fresh one", () => {
    const plan = planImport(GraphSchema.parse({ id: "my-graph", name: "x" }), {
      catalog,
      ownerId: "o",
      takenGraphIds: new Set(),
    });
    expect(plan.graph.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("export strips secrets as AutoGPT does", () => {
  it("drops secret-looking keys (not booleans), secret pins and secret input values", () => {
    const input = {
      id: "i",
      block_id: BLOCK.agentInput,
      input_default: { name: "key", value: "sk-live-123", secret: true },
      metadata: {},
    };
    expect(strippedInputDefault(input, catalog)).toEqual({ name: "key", secret: true });
    const other = {
      id: "s",
      block_id: BLOCK.storeValue,
      input_default: {
        input: 1,
        api_key: "k",
        my_password: "p",
        access_token: "t",
        credentials: { id: "c" },
        client_secret: "s",
        max_tokens: 100,
        use_token: true,
      },
      metadata: {},
    };
    expect(strippedInputDefault(other, catalog)).toEqual({ input: 1, use_token: true });
    const agent = {
      id: "a",
      block_id: AGENT_EXECUTOR_BLOCK_ID,
      input_default: { graph_id: "g", user_id: "u-123" },
      metadata: {},
    };
    expect(strippedInputDefault(agent, catalog)).toEqual({ graph_id: "g", user_id: "" });
  });

  it("keeps a pin marked secret_free whole (a structured answer's expected_format naming token or password fields)", () => {
    const node = {
      id: "f",
      block_id: "ed55ac19-356e-4243-a6cb-bc599e9b716f",
      input_default: {
        prompt: "Rate it",
        expected_format: { password_strength: "weak, fair or strong", token_count: "how many tokens" },
        api_key: "sk-live-123",
      },
      metadata: {},
    };
    expect(strippedInputDefault(node, catalog)).toEqual({
      prompt: "Rate it",
      expected_format: { password_strength: "weak, fair or strong", token_count: "how many tokens" },
    });
  });

  it("drops secret-named values inside object and array defaults; keeps schemas and flags there", () => {
    const node = {
      id: "w",
      block_id: BLOCK.storeValue,
      input_default: {
        input: { headers: { Accept: "json", Authorization: "Bearer k", "x-api-key": "k" }, rows: [{ token: "t" }] },
        schema: { properties: { api_key: { type: "string", secret: true } }, required: ["api_key"] },
        flags: { use_token: false },
      },
      metadata: {},
    };
    expect(strippedInputDefault(node, catalog)).toEqual({
      input: { headers: { Accept: "json" }, rows: [{}] },
      schema: { properties: { api_key: { type: "string", secret: true } }, required: ["api_key"] },
      flags: { use_token: false },
    });
  });
});
