import { describe, expect, it } from "vitest";
import { blockCatalog } from "../blocks/catalog";
import type { BlockCatalog, CatalogBlock } from "./block-catalog";
import { BLOCK, dynamicDictPinsGraph, staticLinkGraph } from "./fixtures/conformance";
import { graphInputSchema, graphOutputSchema } from "./io-schema";
import { normalizeGraph } from "./normalize";
import { GRAPH_LIMITS, GraphSchema } from "./schema";
import { assertRunnable, validateGraph } from "./validate";

const graph = (nodes: unknown[], links: unknown[] = []) => GraphSchema.parse({ name: "t", nodes, links });

/** Two typed blocks on top of the real registry, for type checks the real library cannot yet express. */
const typedBlocks: Record<string, CatalogBlock> = {
  "00000000-0000-4000-8000-00000000000a": {
    id: "00000000-0000-4000-8000-00000000000a",
    name: "MakeObjectBlock",
    blockType: "STANDARD",
    staticOutput: false,
    input: { type: "object", properties: {} },
    output: {
      type: "object",
      properties: {
        obj: { type: "object", properties: { count: { type: "integer" } } },
        list: { type: "array", items: { type: "object" } },
        error: { type: "string" },
      },
    },
  },
};
const catalog: BlockCatalog = (id) => typedBlocks[id] ?? blockCatalog(id);
const MAKE_OBJECT = "00000000-0000-4000-8000-00000000000a";

describe("conformance graphs", () => {
  it("dynamic dict pins: valid, no warnings, typed input/output schemas", () => {
    const g = dynamicDictPinsGraph();
    expect(validateGraph(g, catalog)).toEqual({ errors: [], warnings: [] });
    expect(assertRunnable(g, catalog)).toEqual([]);
    expect(graphInputSchema(g, catalog)).toEqual({
      type: "object",
      properties: {
        greeting: { secret: false, advanced: false, title: "greeting" },
        target: { secret: false, advanced: false, title: "Who to greet", description: "A name", default: "World" },
      },
      required: ["greeting"],
    });
    expect(graphOutputSchema(g, catalog)).toEqual({
      type: "object",
      properties: { message: { secret: false, advanced: false, title: "message" } },
      required: ["message"],
    });
  });

  it("static link: valid, no inputs/outputs, links out of static-output blocks forced static", () => {
    const g = staticLinkGraph();
    expect(validateGraph(g, catalog)).toEqual({ errors: [], warnings: [] });
    expect(graphInputSchema(g, catalog)).toEqual({ type: "object", properties: {}, required: [] });
    expect(graphOutputSchema(g, catalog)).toEqual({ type: "object", properties: {}, required: [] });
    const normalized = normalizeGraph(g, catalog);
    // StoreValueBlock has static output (AutoGPT), so every link out of it is static.
    expect(normalized.links.every((l) => l.is_static)).toBe(true);
    expect(normalized.links.every((l) => typeof l.id === "string" && l.id.length > 0)).toBe(true);
  });
});

describe("computed input schema types", () => {
  it("types each input from its block kind", () => {
    const g = graph([
      { id: "n", block_id: BLOCK.numberInput, input_default: { name: "count", value: 3, advanced: true } },
      { id: "t", block_id: BLOCK.toggleInput, input_default: { name: "flag", secret: true } },
      {
        id: "d",
        block_id: BLOCK.agentInput,
        input_default: { name: "choice", value: "a", placeholder_values: ["a", "b"] },
      },
    ]);
    const schema = graphInputSchema(g, catalog);
    expect(schema.properties.count).toMatchObject({ default: 3, advanced: true, title: "count" });
    expect(JSON.stringify(schema.properties.count)).toContain('"integer"');
    expect(JSON.stringify(schema.properties.flag)).toContain('"boolean"');
    expect(schema.properties.flag).toMatchObject({ secret: true, advanced: false });
    expect(schema.properties.choice).toMatchObject({ enum: ["a", "b"], default: "a" });
    expect(schema.required).toEqual(["flag"]);
  });

  it("a table input's rows are objects with one string column per header (AutoGPT's generate_schema)", () => {
    const table = "5603b273-f41e-4020-af7d-fbc9c6a8d928";
    const g = graph([
      { id: "a", block_id: table, input_default: { name: "people", column_headers: ["Name", "Age"] } },
      { id: "b", block_id: table, input_default: { name: "plain" } },
    ]);
    const schema = graphInputSchema(g, catalog);
    expect(schema.properties.people).toMatchObject({
      format: "table",
      items: { type: "object", properties: { Name: { type: "string" }, Age: { type: "string" } } },
    });
    expect(Object.keys((schema.properties.plain!.items as { properties: object }).properties)).toEqual([
      "Column 1",
      "Column 2",
      "Column 3",
    ]);
    expect(
      graphInputSchema(graph([{ id: "n", block_id: BLOCK.numberInput, input_default: { name: "n" } }]), catalog)
        .properties.n?.items,
    ).toBeUndefined();
  });
});

describe("validation errors, all at once with node id and pin", () => {
  it("unknown block id", () => {
    const g = graph([{ id: "x", block_id: "11111111-2222-4333-8444-555555555555" }]);
    expect(validateGraph(g, catalog).errors).toEqual([
      {
        path: "nodes.x.block_id",
        node_id: "x",
        message: "Node x: unknown block id 11111111-2222-4333-8444-555555555555",
      },
    ]);
  });

  it("links to missing nodes", () => {
    const g = graph(
      [{ id: "s", block_id: BLOCK.storeValue, input_default: { input: 1 } }],
      [
        { source_id: "s", source_name: "output", sink_id: "ghost", sink_name: "input" },
        { source_id: "phantom", source_name: "output", sink_id: "s", sink_name: "input" },
      ],
    );
    const { errors } = validateGraph(g, catalog);
    expect(errors.map((e) => e.path)).toEqual(["links.0.sink_id", "links.1.source_id"]);
    expect(errors[0]?.message).toContain("ghost");
    expect(errors[1]?.node_id).toBe("phantom");
  });

  it("pins the blocks do not have, with dynamic pins resolved against the base pin", () => {
    const g = graph(
      [
        { id: "s", block_id: BLOCK.storeValue, input_default: { input: 1 } },
        { id: "t", block_id: BLOCK.fillTextTemplate, input_default: { format: "x" } },
      ],
      [
        { source_id: "s", source_name: "output", sink_id: "t", sink_name: "values_#_ok" },
        { source_id: "s", source_name: "output_#_part", sink_id: "t", sink_name: "values_$_0" },
        { source_id: "s", source_name: "nope", sink_id: "t", sink_name: "values" },
        { source_id: "s", source_name: "output", sink_id: "t", sink_name: "missing_#_key" },
      ],
    );
    const { errors } = validateGraph(g, catalog);
    expect(errors).toEqual([
      {
        path: "nodes.s.nope",
        node_id: "s",
        pin: "nope",
        message: 'Link 2: node s (StoreValueBlock) has no output pin "nope"',
      },
      {
        path: "nodes.t.missing_#_key",
        node_id: "t",
        pin: "missing_#_key",
        message: 'Link 3: node t (FillTextTemplateBlock) has no input pin "missing"',
      },
    ]);
  });

  it("AGENT nodes take their pins from input_default.input_schema / output_schema", () => {
    const agent = {
      id: "agent",
      block_id: BLOCK.agentExecutor,
      input_default: {
        graph_id: "g",
        graph_version: 1,
        inputs: {},
        input_schema: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
        output_schema: { type: "object", properties: { summary: {} }, required: [] },
      },
    };
    const g = graph(
      [
        agent,
        { id: "s", block_id: BLOCK.storeValue, input_default: { input: "x" } },
        { id: "o", block_id: BLOCK.agentOutput, input_default: { name: "out" } },
      ],
      [
        { source_id: "s", source_name: "output", sink_id: "agent", sink_name: "topic" },
        { source_id: "agent", source_name: "summary", sink_id: "o", sink_name: "value" },
        { source_id: "agent", source_name: "error", sink_id: "o", sink_name: "value" },
        { source_id: "agent", source_name: "nonsense", sink_id: "o", sink_name: "value" },
        { source_id: "s", source_name: "output", sink_id: "agent", sink_name: "not_an_input" },
      ],
    );
    if (!blockCatalog(BLOCK.agentExecutor)) {
      // Until the AgentExecutor block lands, the node is an unknown block and nothing else is checked.
      expect(validateGraph(g, catalog).errors.map((e) => e.path)).toEqual(["nodes.agent.block_id"]);
      return;
    }
    expect(validateGraph(g, catalog).errors.map((e) => e.path)).toEqual([
      "nodes.agent.nonsense",
      "nodes.agent.not_an_input",
    ]);
  });

  it("source and sink types that cannot match: a warning, as AutoGPT does not check link types", () => {
    const g = graph(
      [
        { id: "m", block_id: MAKE_OBJECT },
        { id: "calc", block_id: BLOCK.calculator, input_default: { operation: "Add" } },
        { id: "t", block_id: BLOCK.fillTextTemplate, input_default: { format: "x" } },
      ],
      [
        { source_id: "m", source_name: "obj", sink_id: "calc", sink_name: "a" },
        { source_id: "m", source_name: "obj_#_count", sink_id: "calc", sink_name: "b" },
        { source_id: "m", source_name: "list", sink_id: "calc", sink_name: "b" },
        { source_id: "m", source_name: "obj", sink_id: "t", sink_name: "values" },
        { source_id: "m", source_name: "list", sink_id: "t", sink_name: "format" },
      ],
    );
    const { errors, warnings } = validateGraph(g, catalog);
    expect(errors).toEqual([]);
    expect(warnings.map((e) => [e.path, e.pin])).toEqual([
      ["nodes.calc.a", "a"],
      ["nodes.calc.b", "b"],
    ]);
    expect(warnings[0]?.message).toBe(
      'Link 0: output "obj" of node m (object) cannot feed input "a" of node calc (number); the node fails at run time unless the value converts',
    );
    // Not a reason to refuse the run either: AutoGPT starts it and the node fails if the value does not convert.
    expect(assertRunnable(g, catalog)).toEqual([]);
  });

  it("duplicate input and output names: warnings (AutoGPT merges them), the schemas list each name once", () => {
    const g = graph([
      { id: "i1", block_id: BLOCK.agentInput, input_default: { name: "q", value: 1 } },
      { id: "i2", block_id: BLOCK.numberInput, input_default: { name: "q", value: 2 } },
      { id: "o1", block_id: BLOCK.agentOutput, input_default: { name: "r" } },
      { id: "o2", block_id: BLOCK.agentOutput, input_default: { name: "r" } },
      { id: "o3", block_id: BLOCK.agentOutput, input_default: { name: "q" } },
    ]);
    const { errors, warnings } = validateGraph(g, catalog);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        path: "nodes.i2.name",
        node_id: "i2",
        pin: "name",
        message: 'Node i2: input name "q" is also used by node i1; both nodes receive the value given for "q"',
      },
      {
        path: "nodes.o2.name",
        node_id: "o2",
        pin: "name",
        message:
          'Node o2: output name "r" is also used by node o1; the run\'s output "r" lists the values of both in the order they are produced',
      },
    ]);
    expect(assertRunnable(g, catalog)).toEqual([]);
    expect(Object.keys(graphOutputSchema(g, catalog).properties)).toEqual(["r", "q"]);
    expect(graphOutputSchema(g, catalog).required).toEqual(["r", "q"]);
    expect(Object.keys(graphInputSchema(g, catalog).properties)).toEqual(["q"]);
  });

  it("refuses graph inputs named credentials or *_credentials, with AutoGPT's reason", () => {
    const g = graph([
      { id: "i1", block_id: BLOCK.agentInput, input_default: { name: "credentials" } },
      { id: "i2", block_id: BLOCK.agentInput, input_default: { name: "openai_credentials" } },
      { id: "i3", block_id: BLOCK.agentInput, input_default: { name: "my_credentials_note" } },
      { id: "o1", block_id: BLOCK.agentOutput, input_default: { name: "credentials" } },
    ]);
    expect(validateGraph(g, catalog).errors).toEqual([
      {
        path: "nodes.i1.name",
        node_id: "i1",
        pin: "name",
        message: "Node i1: 'credentials' is a reserved input name: 'credentials' and `*_credentials` are reserved",
      },
      {
        path: "nodes.i2.name",
        node_id: "i2",
        pin: "name",
        message:
          "Node i2: 'openai_credentials' is a reserved input name: 'credentials' and `*_credentials` are reserved",
      },
    ]);
  });

  it("duplicate node ids", () => {
    const g = graph([
      { id: "same", block_id: BLOCK.storeValue, input_default: { input: 1 } },
      { id: "same", block_id: BLOCK.storeValue, input_default: { input: 2 } },
    ]);
    expect(validateGraph(g, catalog).errors.map((e) => e.path)).toEqual(["nodes.same"]);
  });

  it("reports every problem of every sub-graph with its prefix", () => {
    const g = GraphSchema.parse({
      name: "main",
      nodes: [{ id: "x", block_id: "nope" }],
      sub_graphs: [{ id: "sub", nodes: [{ id: "y", block_id: "nope" }] }],
    });
    expect(validateGraph(g, catalog).errors.map((e) => e.path)).toEqual([
      "nodes.x.block_id",
      "sub_graphs.0.nodes.y.block_id",
    ]);
  });
});

describe("missing required inputs: warnings on save, errors before a run", () => {
  const g = graph(
    [
      { id: "calc", block_id: BLOCK.calculator, input_default: { operation: "Add", a: 1, b: "" } },
      { id: "s", block_id: BLOCK.storeValue },
      { id: "note", block_id: BLOCK.note },
    ],
    [],
  );

  it("saves with warnings naming node and pin", () => {
    const { errors, warnings } = validateGraph(g, catalog);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(["nodes.calc.b", "nodes.s.input"]);
    expect(warnings[0]).toEqual({
      path: "nodes.calc.b",
      node_id: "calc",
      pin: "b",
      message: 'Node calc (CalculatorBlock): required input "b" has no value and no link',
    });
  });

  it("refuses the run with the same problems", () => {
    expect(assertRunnable(g, catalog).map((p) => [p.node_id, p.pin])).toEqual([
      ["calc", "b"],
      ["s", "input"],
    ]);
  });

  it("a link satisfies a required input, also through a dynamic pin", () => {
    const linked = graph(
      [
        { id: "s", block_id: BLOCK.storeValue, input_default: { input: 1 } },
        { id: "t", block_id: BLOCK.fillTextTemplate, input_default: { format: "{{a}}" } },
      ],
      [{ source_id: "s", source_name: "output", sink_id: "t", sink_name: "values_#_a" }],
    );
    expect(assertRunnable(linked, catalog)).toEqual([]);
  });
});

describe("placeholders", () => {
  const g = GraphSchema.parse({
    nodes: [{ id: "p", block_id: "99999999-0000-4000-8000-000000000000", metadata: { placeholder: true } }],
  });

  it("are warnings when allowed, errors otherwise, and always block a run", () => {
    expect(validateGraph(g, catalog).errors.map((e) => e.path)).toEqual(["nodes.p.block_id"]);
    const allowed = validateGraph(g, catalog, { allowPlaceholders: true });
    expect(allowed.errors).toEqual([]);
    expect(allowed.warnings[0]?.message).toContain("placeholder");
    expect(assertRunnable(g, catalog).map((p) => p.node_id)).toEqual(["p"]);
  });

  it("name the missing block as AutoGPT does: the export's block_name, else AutoGPT's catalogue", () => {
    const named = GraphSchema.parse({
      nodes: [
        { id: "llm", block_id: "f7a8b2c3-6d4e-5f8b-9e7f-6d4e5f8b9e7f", metadata: { placeholder: true } },
        {
          id: "custom",
          block_id: "99999999-0000-4000-8000-000000000000",
          metadata: { placeholder: true, block_name: "MyPluginBlock" },
        },
      ],
    });
    expect(assertRunnable(named, catalog).map((p) => p.message)).toEqual([
      "Node llm: block GetWeatherInformationBlock (f7a8b2c3-6d4e-5f8b-9e7f-6d4e5f8b9e7f) is not available on this platform; the node is a placeholder and the graph cannot run until it is replaced",
      "Node custom: block MyPluginBlock (99999999-0000-4000-8000-000000000000) is not available on this platform; the node is a placeholder and the graph cannot run until it is replaced",
    ]);
    expect(validateGraph(named, catalog).errors[0]?.message).toBe(
      "Node llm: unknown block GetWeatherInformationBlock (f7a8b2c3-6d4e-5f8b-9e7f-6d4e5f8b9e7f)",
    );
  });
});

describe("limits", () => {
  it("refuses more nodes or links than allowed, and over-long names", () => {
    const nodes = Array.from({ length: GRAPH_LIMITS.nodes + 1 }, (_, i) => ({ id: `n${i}`, block_id: BLOCK.note }));
    const many = GraphSchema.safeParse({ nodes });
    expect(many.success).toBe(false);
    expect(many.error?.issues[0]?.path).toEqual(["nodes"]);
    const links = Array.from({ length: GRAPH_LIMITS.links + 1 }, () => ({
      source_id: "a",
      sink_id: "b",
      source_name: "x",
      sink_name: "y",
    }));
    expect(GraphSchema.safeParse({ links }).error?.issues[0]?.path).toEqual(["links"]);
    expect(GraphSchema.safeParse({ name: "x".repeat(201) }).error?.issues[0]?.path).toEqual(["name"]);
    expect(GraphSchema.safeParse({ description: "x".repeat(10_001) }).error?.issues[0]?.path).toEqual(["description"]);
  });

  it("accepts the old template format and ignores unknown fields", () => {
    const old = GraphSchema.parse({
      is_template: true,
      subgraphs: { group: ["a"] },
      name: "old",
      description: null,
      nodes: [{ id: "a", block_id: BLOCK.storeValue, input_default: { input: 1 }, metadata: null, extra: 1 }],
      links: [{ source_id: "a", sink_id: "a", source_name: "output", sink_name: "data" }],
    });
    expect(old.links[0]?.is_static).toBe(false);
    expect(old.nodes[0]).toEqual({ id: "a", block_id: BLOCK.storeValue, input_default: { input: 1 }, metadata: {} });
    expect(old.description).toBe("");
    expect("subgraphs" in old).toBe(false);
  });
});

describe("sub-graph references", () => {
  const caller = (version: number) => ({
    id: "call",
    block_id: BLOCK.agentExecutor,
    input_default: { graph_id: "child", graph_version: version, inputs: {}, input_schema: {}, output_schema: {} },
    metadata: blockCatalog(BLOCK.agentExecutor) ? {} : { placeholder: true },
  });

  it("a run needs every AgentExecutor node's graph and version among sub_graphs", () => {
    const loaded = GraphSchema.parse({
      id: "main",
      nodes: [caller(2)],
      sub_graphs: [{ id: "child", version: 2, nodes: [] }],
    });
    expect(assertRunnable(loaded, catalog).filter((p) => p.pin === "graph_id")).toEqual([]);
    const wrongVersion = GraphSchema.parse({ ...loaded, nodes: [caller(3)] });
    expect(assertRunnable(wrongVersion, catalog).filter((p) => p.pin === "graph_id")).toEqual([
      {
        path: "nodes.call.graph_id",
        node_id: "call",
        pin: "graph_id",
        message: "Node call: sub-agent graph child version 3 was not found among your graphs",
      },
    ]);
    // Saving does not check (sub_graphs of a request body are not what storage holds) unless asked.
    expect(validateGraph(wrongVersion, catalog, { allowPlaceholders: true }).warnings.map((w) => w.pin)).not.toContain(
      "graph_id",
    );
  });
});

describe("normalization", () => {
  it("drops a repeated link (same ends and pins), keeping the first", () => {
    const g = graph(
      [
        { id: "s", block_id: BLOCK.storeValue, input_default: { input: 1 } },
        { id: "o", block_id: BLOCK.agentOutput, input_default: { name: "x" } },
      ],
      [
        { id: "first", source_id: "s", source_name: "output", sink_id: "o", sink_name: "value" },
        { id: "again", source_id: "s", source_name: "output", sink_id: "o", sink_name: "value" },
        { id: "other", source_id: "s", source_name: "output", sink_id: "o", sink_name: "name" },
      ],
    );
    expect(normalizeGraph(g, catalog).links.map((l) => l.id)).toEqual(["first", "other"]);
  });
});
