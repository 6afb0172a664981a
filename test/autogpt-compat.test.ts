// AutoGPT compatibility suite: real AutoGPT exports and exports written for each of AutoGPT's graph rules
// (graph/fixtures/autogpt-compat/) are imported through the API, and every one whose blocks exist here is
// run to the outputs AutoGPT gives for it. Missing blocks are named as AutoGPT names them.
import { beforeAll, describe, expect, it } from "vitest";
import { blockCatalog } from "../blocks/catalog";
import aiFunctionAgent from "../graph/fixtures/autogpt/ai_function_agent_516d813b.json";
import emailFinderAgent from "../graph/fixtures/autogpt/email_address_finder_agent_fc2c9976.json";
import testingAgent from "../graph/fixtures/autogpt/testing_agent_calculator.json";
import duplicateInputNames from "../graph/fixtures/autogpt-compat/duplicate_input_names.json";
import duplicateOutputNames from "../graph/fixtures/autogpt-compat/duplicate_output_names.json";
import duplicateOutputsOrdered from "../graph/fixtures/autogpt-compat/duplicate_output_names_ordered.json";
import linkTypeMismatch from "../graph/fixtures/autogpt-compat/link_type_mismatch.json";
import missingBlocks from "../graph/fixtures/autogpt-compat/missing_blocks.json";
import nestedSubGraphs from "../graph/fixtures/autogpt-compat/nested_sub_graphs.json";
import reservedInputName from "../graph/fixtures/autogpt-compat/reserved_input_name.json";
import { AGENT_EXECUTOR_BLOCK_ID } from "../graph/schema";
import { execute, newUser, type RunBody } from "./engine-helpers";
import { api } from "./helpers/auth";

type Problem = { path: string; message: string; node_id?: string; pin?: string };
type Node = { id: string; block_id: string; input_default: Record<string, unknown>; metadata: Record<string, unknown> };
type GraphJson = {
  id: string;
  version: number;
  nodes: Node[];
  sub_graphs: GraphJson[];
  input_schema: { properties: Record<string, unknown>; required: string[] };
  output_schema: { properties: Record<string, unknown>; required: string[] };
  warnings: Problem[];
};
type Imported = { graph: GraphJson; warnings: { node_id: string; block_id: string; message: string }[] };
type ExportFile = { id: string; nodes: { id: string; block_id: string }[]; output_schema: { properties: object } };
type ErrorJson = { error: { details: { path: string; message: string }[] } };

/** AutoGPT's block names for the blocks the suite's exports use and this platform may lack. */
const AUTOGPT_NAMES: Record<string, string> = {
  "1f292d4a-41a4-4977-9684-7c8d560b9f91": "AITextGeneratorBlock",
  "87840993-2053-44b7-8da4-187ad4ee518c": "SearchTheWebBlock",
  "f7a8b2c3-6d4e-5f8b-9e7f-6d4e5f8b9e7f": "GetWeatherInformationBlock",
  "45e78db5-03e9-447f-9395-308d712f5f08": "BlockInstallationBlock",
};

let token: string;
beforeAll(async () => {
  ({ token } = await newUser());
});

async function importFile(file: unknown): Promise<Imported> {
  const res = await api("/graphs/import", { token, json: file });
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Imported;
}

async function runSync(graphId: string, inputs: Record<string, unknown>): Promise<RunBody> {
  const res = await execute(token, graphId, inputs, 30);
  if (res.status !== 200) throw new Error(`run did not finish: ${res.status} ${await res.text()}`);
  return (await res.json()) as RunBody;
}

const missingIn = (file: ExportFile) => file.nodes.filter((n) => !blockCatalog(n.block_id));
const nodeIdOf = (file: { nodes: { id: string }[] }, i: number) => file.nodes[i]?.id as string;

describe("AutoGPT's own exports", () => {
  it.each([
    ["testing agent", testingAgent as ExportFile],
    ["AI function agent", aiFunctionAgent as ExportFile],
    ["email address finder", emailFinderAgent as ExportFile],
  ])(
    "%s: imports; a run is refused only for what AutoGPT refuses or what is missing, by AutoGPT's names",
    async (_, file) => {
      const { graph, warnings } = await importFile(file);
      const missing = missingIn(file);
      expect(warnings.map((w) => w.node_id).sort()).toEqual(missing.map((n) => n.id).sort());
      for (const node of missing) {
        const name = AUTOGPT_NAMES[node.block_id];
        expect(graph.nodes.find((n) => n.id === node.id)?.metadata).toMatchObject({
          placeholder: true,
          block_name: name,
        });
        expect(warnings.find((w) => w.node_id === node.id)?.message).toContain(`Block ${name} (${node.block_id})`);
      }
      expect(Object.keys(graph.output_schema.properties).sort()).toEqual(
        Object.keys(file.output_schema.properties).sort(),
      );

      // Exports whose blocks all exist here and that AutoGPT would run are run against the fake model
      // provider in test/ai-blocks.test.ts; here only the refusals are checked.
      if (missing.length === 0 && file !== testingAgent) return;
      const res = await execute(token, graph.id, {}, 30);
      expect(res.status).toBe(400);
      const details = ((await res.json()) as ErrorJson).error.details;
      for (const node of missing) {
        expect(details).toContainEqual({
          path: `nodes.${node.id}`,
          message: expect.stringContaining(`block ${AUTOGPT_NAMES[node.block_id]} (${node.block_id}) is not available`),
        });
      }
      if (missing.length === 0) {
        // AutoGPT refuses this run too: CalculatorBlock's operation, a and b are required and unset.
        expect(details.map((d) => d.path).sort()).toEqual(
          ["operation", "a", "b"].map((pin) => `nodes.${nodeIdOf(file, 0)}.${pin}`).sort(),
        );
      }
    },
  );
});

describe("duplicate output names (AutoGPT's published agents share ERROR_CONVERTING_TYPE)", () => {
  it("import with a warning; the output schema lists the name once; the run collects every value under it", async () => {
    const { graph, warnings } = await importFile(duplicateOutputNames);
    expect(warnings).toEqual([]);
    expect(graph.warnings).toEqual([
      expect.objectContaining({
        path: `nodes.${nodeIdOf(duplicateOutputNames, 7)}.name`,
        message: expect.stringContaining('output name "ERROR_CONVERTING_TYPE" is also used by node'),
      }),
    ]);
    expect(Object.keys(graph.output_schema.properties)).toEqual(["number_a", "number_b", "ERROR_CONVERTING_TYPE"]);
    expect(graph.output_schema).toEqual(
      expect.objectContaining({ required: ["number_a", "number_b", "ERROR_CONVERTING_TYPE"] }),
    );

    const bothFail = await runSync(graph.id, { amount_a: "abc", amount_b: "xyz" });
    expect(Object.keys(bothFail.outputs)).toEqual(["ERROR_CONVERTING_TYPE"]);
    expect(bothFail.outputs.ERROR_CONVERTING_TYPE).toEqual([
      expect.stringMatching(/^Failed to convert value/),
      expect.stringMatching(/^Failed to convert value/),
    ]);

    const oneFails = await runSync(graph.id, { amount_a: "12.5", amount_b: "oops" });
    expect(oneFails.outputs).toEqual({
      number_a: [12.5],
      ERROR_CONVERTING_TYPE: [expect.stringMatching(/^Failed to convert value/)],
    });
  });

  it("values under one name are listed in the order they were produced", async () => {
    const { graph } = await importFile(duplicateOutputsOrdered);
    expect(Object.keys(graph.output_schema.properties)).toEqual(["steps"]);
    const run = await runSync(graph.id, { start: 5 });
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs).toEqual({ steps: [5, 6] });
  });
});

describe("duplicate input names", () => {
  it("import with a warning; the input schema lists the name once; both nodes receive the value", async () => {
    const { graph } = await importFile(duplicateInputNames);
    expect(graph.warnings.map((w) => w.path)).toEqual([`nodes.${nodeIdOf(duplicateInputNames, 1)}.name`]);
    expect(graph.input_schema).toMatchObject({ properties: { n: expect.any(Object) }, required: ["n"] });
    const run = await runSync(graph.id, { n: 7 });
    expect(run).toMatchObject({ status: "COMPLETED", outputs: { square: [49] }, inputs: { n: 7 } });
  });
});

describe("links whose types cannot meet", () => {
  it("import with a warning and run; the sink node fails with its error visible, as in AutoGPT", async () => {
    const { graph } = await importFile(linkTypeMismatch);
    const calc = nodeIdOf(linkTypeMismatch, 1);
    expect(graph.warnings).toEqual([
      expect.objectContaining({ path: `nodes.${calc}.a`, message: expect.stringContaining("cannot feed input") }),
    ]);
    const res = await execute(token, graph.id, {}, 30);
    expect(res.status).toBe(200);
    const run = (await (await api(`/executions/${((await res.json()) as RunBody).id}`, { token })).json()) as RunBody;
    expect(run.outputs).toEqual({});
    const failed = run.node_executions.find((e) => e.node_id === calc);
    expect(failed?.status).toBe("FAILED");
    expect(failed?.error).toBeTruthy();
  });
});

describe("sub_graphs nested two levels", () => {
  const [middleFile, leafFile] = nestedSubGraphs.sub_graphs;

  it("imports twice (the second time every graph id is reassigned) and each copy runs end to end", async () => {
    const first = await importFile(nestedSubGraphs);
    expect(first.graph.id).toBe(nestedSubGraphs.id);
    const second = await importFile(nestedSubGraphs);
    const main = second.graph;
    const ids = [main.id, ...main.sub_graphs.map((s) => s.id)];
    expect(ids).not.toContain(nestedSubGraphs.id);
    expect(ids).not.toContain(middleFile?.id);
    expect(ids).not.toContain(leafFile?.id);
    expect(new Set(ids).size).toBe(3);

    // The executor nodes call the reassigned ids, at the exported versions.
    const [middle, leaf] = main.sub_graphs as [GraphJson, GraphJson];
    expect([middle.version, leaf.version]).toEqual([2, 3]);
    const callOf = (g: GraphJson) => g.nodes.find((n) => n.block_id === AGENT_EXECUTOR_BLOCK_ID)?.input_default;
    expect(callOf(main)).toMatchObject({ graph_id: middle.id, graph_version: 2 });
    expect(callOf(middle)).toMatchObject({ graph_id: leaf.id, graph_version: 3 });
    expect(main.warnings).toEqual([]);

    for (const graph of [first.graph, main]) {
      const run = await runSync(graph.id, { topic: "tides" });
      expect(run).toMatchObject({ status: "COMPLETED", outputs: { final: ["middle wraps [leaf saw tides]"] } });
    }
  });
});

describe("blocks this platform does not have", () => {
  it("import as placeholders named by AutoGPT's names; the run's 400 names each block", async () => {
    const { graph, warnings } = await importFile(missingBlocks);
    const [weather, install] = [nodeIdOf(missingBlocks, 1), nodeIdOf(missingBlocks, 2)];
    expect(warnings.map((w) => [w.node_id, w.message.split(" is not available")[0]])).toEqual([
      [weather, "Block GetWeatherInformationBlock (f7a8b2c3-6d4e-5f8b-9e7f-6d4e5f8b9e7f)"],
      [install, "Block BlockInstallationBlock (45e78db5-03e9-447f-9395-308d712f5f08)"],
    ]);
    expect(graph.nodes.map((n) => n.metadata.block_name)).toEqual([
      undefined,
      "GetWeatherInformationBlock",
      "BlockInstallationBlock",
      undefined,
    ]);
    const res = await execute(token, graph.id, { city: "Oslo" }, 30);
    expect(res.status).toBe(400);
    const details = ((await res.json()) as ErrorJson).error.details;
    expect(details.filter((d) => d.message.includes("placeholder"))).toEqual([
      {
        path: `nodes.${weather}`,
        message: `Node ${weather}: block GetWeatherInformationBlock (f7a8b2c3-6d4e-5f8b-9e7f-6d4e5f8b9e7f) is not available on this platform; the node is a placeholder and the graph cannot run until it is replaced`,
      },
      {
        path: `nodes.${install}`,
        message: `Node ${install}: block BlockInstallationBlock (45e78db5-03e9-447f-9395-308d712f5f08) is not available on this platform; the node is a placeholder and the graph cannot run until it is replaced`,
      },
    ]);
  });
});

describe("what AutoGPT refuses", () => {
  it("a graph input named as a credentials field: 400 with AutoGPT's reason, nothing stored", async () => {
    const res = await api("/graphs/import", { token, json: reservedInputName });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.details).toEqual([
      {
        path: `nodes.${nodeIdOf(reservedInputName, 0)}.name`,
        message: `Node ${nodeIdOf(reservedInputName, 0)}: 'openai_credentials' is a reserved input name: 'credentials' and \`*_credentials\` are reserved`,
      },
    ]);
    expect((await api(`/graphs/${reservedInputName.id}`, { token })).status).toBe(404);
  });
});
