// The graphs API as a client sees it: create, read, version, activate, delete, import/export, limits,
// validation details, scopes and owner isolation — through the Worker's real fetch handler and D1.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import aiFunctionAgent from "../graph/fixtures/autogpt/ai_function_agent_516d813b.json";
import emailFinderAgent from "../graph/fixtures/autogpt/email_address_finder_agent_fc2c9976.json";
import testingAgent from "../graph/fixtures/autogpt/testing_agent_calculator.json";
import { BLOCK, dynamicDictPinsGraph, staticLinkGraph } from "../graph/fixtures/conformance";
import { AGENT_EXECUTOR_BLOCK_ID } from "../graph/schema";
import { loadGraphForRun } from "../worker/graphs/repository";
import { api, createApiKey, signUp, type TestUser } from "./helpers/auth";

type ErrorJson = { error: { code: string; message: string; details: { path: string; message: string }[] } };
type GraphJson = {
  id: string;
  version: number;
  is_active: boolean;
  name: string;
  description: string;
  nodes: { id: string; block_id: string; input_default: Record<string, unknown>; metadata: Record<string, unknown> }[];
  links: {
    id: string;
    source_id: string;
    sink_id: string;
    source_name: string;
    sink_name: string;
    is_static: boolean;
  }[];
  sub_graphs: GraphJson[];
  input_schema: { properties: Record<string, Record<string, unknown>>; required: string[] };
  output_schema: { properties: Record<string, Record<string, unknown>>; required: string[] };
  created_at: string;
  warnings: { path: string; message: string; node_id?: string; pin?: string }[];
};

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  [alice, bob] = await Promise.all([signUp(), signUp()]);
});

async function create(user: TestUser, graph: unknown): Promise<GraphJson> {
  const res = await api("/graphs", { token: user.token, json: graph });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as GraphJson;
}

const structure = (g: { nodes: { id: string; block_id: string }[]; links: GraphJson["links"] }) => ({
  nodes: g.nodes.map((n) => `${n.id}:${n.block_id}`).sort(),
  links: g.links.map((l) => `${l.source_id}.${l.source_name}->${l.sink_id}.${l.sink_name}:${l.is_static}`).sort(),
});

describe("create and read", () => {
  it("stores the dynamic-dict conformance graph as version 1 with computed schemas", async () => {
    const graph = await create(alice, dynamicDictPinsGraph());
    expect(graph.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(graph).toMatchObject({ version: 1, is_active: true, name: "Conformance: dynamic dict pins", warnings: [] });
    expect(Object.keys(graph.input_schema.properties)).toEqual(["greeting", "target"]);
    expect(graph.input_schema.required).toEqual(["greeting"]);
    expect(graph.output_schema.required).toEqual(["message"]);
    // Links out of input blocks (static output) are forced static; the template's link is not.
    const byName = Object.fromEntries(graph.links.map((l) => [l.sink_name, l.is_static]));
    expect(byName).toEqual({ "values_#_greeting": true, "values_#_target": true, value: false });
    expect(graph.links.every((l) => l.id.length > 0)).toBe(true);

    const res = await api(`/graphs/${graph.id}`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(graph);
  });

  it("accepts AutoGPT's {graph: ...} wrapper and never trusts the body's id", async () => {
    const existing = await create(alice, staticLinkGraph());
    const graph = await create(alice, { graph: { ...staticLinkGraph(), id: existing.id }, source: "upload" });
    expect(graph.id).not.toBe(existing.id);
    expect(graph.nodes).toHaveLength(6);
  });

  it("saves drafts with empty required inputs, listing them as warnings with node and pin", async () => {
    const graph = await create(alice, {
      name: "draft",
      nodes: [{ id: "calc", block_id: BLOCK.calculator, input_default: { operation: "Add", a: 1 } }],
    });
    expect(graph.warnings).toEqual([
      {
        path: "nodes.calc.b",
        node_id: "calc",
        pin: "b",
        message: 'Node calc (CalculatorBlock): required input "b" has no value and no link',
      },
    ]);
  });
});

describe("validation: 400 with every problem, node id and pin in the path", () => {
  it("refuses unknown blocks, missing nodes and missing pins at once (duplicate names are only warnings)", async () => {
    const res = await api("/graphs", {
      token: alice.token,
      json: {
        name: "broken",
        nodes: [
          { id: "ghost-block", block_id: "00000000-0000-4000-8000-0000000000ff" },
          { id: "in1", block_id: BLOCK.agentInput, input_default: { name: "x", value: 1 } },
          { id: "in2", block_id: BLOCK.agentInput, input_default: { name: "x", value: 2 } },
          { id: "cond", block_id: "715696a0-e1da-45c8-b209-c2fa9c3b0be6", input_default: { operator: "==" } },
          { id: "calc", block_id: BLOCK.calculator, input_default: { operation: "Add", a: 1, b: 2 } },
        ],
        links: [
          { source_id: "in1", source_name: "result", sink_id: "nowhere", sink_name: "input" },
          { source_id: "in1", source_name: "no_such_output", sink_id: "calc", sink_name: "a" },
          { source_id: "in1", source_name: "result", sink_id: "calc", sink_name: "no_such_input" },
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("bad_request");
    expect(body.error.details.map((d) => d.path)).toEqual([
      "nodes.ghost-block.block_id",
      "links.0.sink_id",
      "nodes.in1.no_such_output",
      "nodes.calc.no_such_input",
    ]);
    expect(body.error.details[2]?.message).toContain('has no output pin "no_such_output"');
  });

  it("saves a link whose types cannot match (a dictionary into a number) with a warning, as AutoGPT saves it", async () => {
    const res = await api("/graphs", {
      token: alice.token,
      json: {
        nodes: [
          { id: "dict", block_id: "b924ddf4-de4f-4b56-9a85-358930dcbc91", input_default: { values: { a: 1 } } },
          { id: "calc", block_id: BLOCK.calculator, input_default: { operation: "Add", b: 2 } },
        ],
        links: [{ source_id: "dict", source_name: "dictionary", sink_id: "calc", sink_name: "a" }],
      },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as GraphJson).warnings).toEqual([
      {
        path: "nodes.calc.a",
        node_id: "calc",
        pin: "a",
        message:
          'Link 0: output "dictionary" of node dict (object) cannot feed input "a" of node calc (number); the node fails at run time unless the value converts',
      },
    ]);
    // A single dictionary entry can feed it without a warning: `dictionary_#_a` has no declared type.
    const ok = await api("/graphs", {
      token: alice.token,
      json: {
        nodes: [
          { id: "dict", block_id: "b924ddf4-de4f-4b56-9a85-358930dcbc91", input_default: { values: { a: 1 } } },
          { id: "calc", block_id: BLOCK.calculator, input_default: { operation: "Add", b: 2 } },
        ],
        links: [{ source_id: "dict", source_name: "dictionary_#_a", sink_id: "calc", sink_name: "a" }],
      },
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as GraphJson).warnings).toEqual([]);
  });

  it("refuses a malformed graph with zod field paths", async () => {
    const res = await api("/graphs", { token: alice.token, json: { nodes: [{ id: "a" }], links: "no" } });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as ErrorJson).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["nodes.0.block_id", "links"]));
  });

  it("enforces limits: node count and name length (400), body size (413)", async () => {
    const nodes = Array.from({ length: 2_001 }, (_, i) => ({ id: `n${i}`, block_id: BLOCK.note }));
    const tooMany = await api("/graphs", { token: alice.token, json: { nodes } });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as ErrorJson).error.details[0]).toEqual({
      path: "nodes",
      message: "A graph may hold at most 2000 nodes",
    });

    const longName = await api("/graphs", { token: alice.token, json: { name: "n".repeat(201) } });
    expect(longName.status).toBe(400);
    expect(((await longName.json()) as ErrorJson).error.details[0]?.path).toBe("name");

    const huge = await api("/graphs", {
      token: alice.token,
      json: {
        name: "big",
        description: "",
        nodes: [{ id: "a", block_id: BLOCK.note, input_default: { text: "x".repeat(1_100_000) } }],
      },
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as ErrorJson).error.code).toBe("payload_too_large");
  });
});

describe("a graph at the size limits", () => {
  it("saves, reads and exports 2,000 nodes and 5,000 links", async () => {
    const nodes = Array.from({ length: 2_000 }, (_, i) => ({
      id: `n${i}`,
      block_id: BLOCK.storeValue,
      input_default: { input: i },
    }));
    const links = Array.from({ length: 5_000 }, (_, i) => ({
      source_id: `n${i % 2_000}`,
      source_name: "output",
      sink_id: `n${(i * 7 + 1) % 2_000}`,
      sink_name: i < 2_000 ? "data" : `data_#_k${i}`,
    }));
    const graph = await create(alice, { name: "big", nodes, links });
    expect(graph.nodes).toHaveLength(2_000);
    expect(graph.links).toHaveLength(5_000);
    const exported = await api(`/graphs/${graph.id}/export`, { token: alice.token });
    expect(exported.status).toBe(200);
    const file = (await exported.json()) as { nodes: { input_links: unknown[] }[] };
    expect(file.nodes.reduce((n, node) => n + node.input_links.length, 0)).toBe(5_000);
  });
});

describe("versions", () => {
  it("PUT creates v2 and leaves v1 unchanged; PATCH makes v1 active again", async () => {
    const v1 = await create(alice, staticLinkGraph());
    const edited = { ...staticLinkGraph(), name: "renamed", description: "second version" };
    const put = await api(`/graphs/${v1.id}`, { token: alice.token, method: "PUT", json: edited });
    expect(put.status).toBe(200);
    const v2 = (await put.json()) as GraphJson;
    expect(v2).toMatchObject({ id: v1.id, version: 2, is_active: true, name: "renamed" });

    const oldRes = await api(`/graphs/${v1.id}?version=1`, { token: alice.token });
    expect(await oldRes.json()).toEqual({ ...v1, is_active: false });
    const active = (await (await api(`/graphs/${v1.id}`, { token: alice.token })).json()) as GraphJson;
    expect(active.version).toBe(2);

    const list = await api(`/graphs/${v1.id}/versions`, { token: alice.token });
    const items = ((await list.json()) as { items: { version: number; is_active: boolean }[] }).items;
    expect(items.map((i) => [i.version, i.is_active])).toEqual([
      [2, true],
      [1, false],
    ]);

    const patch = await api(`/graphs/${v1.id}`, { token: alice.token, method: "PATCH", json: { active_version: 1 } });
    expect(patch.status).toBe(200);
    expect(((await patch.json()) as GraphJson).version).toBe(1);
    const after = (await (await api(`/graphs/${v1.id}`, { token: alice.token })).json()) as GraphJson;
    expect(after).toMatchObject({ version: 1, is_active: true, name: v1.name });

    const missing = await api(`/graphs/${v1.id}`, { token: alice.token, method: "PATCH", json: { active_version: 9 } });
    expect(missing.status).toBe(404);
    const stillV1 = (await (await api(`/graphs/${v1.id}`, { token: alice.token })).json()) as GraphJson;
    expect(stillV1.version).toBe(1);

    // The next save is max+1, not active+1.
    const v3 = await api(`/graphs/${v1.id}`, { token: alice.token, method: "PUT", json: staticLinkGraph() });
    expect(((await v3.json()) as GraphJson).version).toBe(3);
  });

  it("concurrent saves get distinct versions", async () => {
    const g = await create(alice, staticLinkGraph());
    const saves = await Promise.all(
      [1, 2, 3].map(() => api(`/graphs/${g.id}`, { token: alice.token, method: "PUT", json: staticLinkGraph() })),
    );
    const numbers = await Promise.all(saves.map(async (r) => ((await r.json()) as GraphJson).version));
    expect(numbers.sort()).toEqual([2, 3, 4]);
    const active = (await (await api(`/graphs/${g.id}`, { token: alice.token })).json()) as GraphJson;
    expect(active.version).toBe(4);
  });

  it("PUT refuses invalid graphs with the same details as create", async () => {
    const g = await create(alice, staticLinkGraph());
    const res = await api(`/graphs/${g.id}`, {
      token: alice.token,
      method: "PUT",
      json: { nodes: [{ id: "x", block_id: "nope" }] },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.details.map((d) => d.path)).toEqual(["nodes.x.block_id"]);
  });

  it("DELETE removes every version", async () => {
    const g = await create(alice, staticLinkGraph());
    await api(`/graphs/${g.id}`, { token: alice.token, method: "PUT", json: staticLinkGraph() });
    expect((await api(`/graphs/${g.id}`, { token: alice.token, method: "DELETE" })).status).toBe(204);
    expect((await api(`/graphs/${g.id}?version=1`, { token: alice.token })).status).toBe(404);
    expect((await api(`/graphs/${g.id}/versions`, { token: alice.token })).status).toBe(404);
    expect((await api(`/graphs/${g.id}`, { token: alice.token, method: "DELETE" })).status).toBe(404);
  });
});

describe("listing", () => {
  it("pages through the caller's active graphs, newest first", async () => {
    const carol = await signUp();
    const made: GraphJson[] = [];
    for (const name of ["one", "two", "three"]) made.push(await create(carol, { ...staticLinkGraph(), name }));
    // Newest first; graphs created in the same millisecond fall back to id order, as the cursor does.
    const expected = [...made]
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
      .map((g) => g.name);
    const first = await api("/graphs?limit=2", { token: carol.token });
    const page1 = (await first.json()) as { items: { id: string; name: string }[]; next_cursor: string | null };
    expect(page1.items.map((i) => i.name)).toEqual(expected.slice(0, 2));
    expect(page1.next_cursor).toBeTruthy();
    const second = await api(`/graphs?limit=2&cursor=${encodeURIComponent(page1.next_cursor ?? "")}`, {
      token: carol.token,
    });
    const page2 = (await second.json()) as { items: { name: string }[]; next_cursor: string | null };
    expect(page2).toMatchObject({ items: [{ name: expected[2] }], next_cursor: null });
    expect((await api("/graphs?cursor=garbage", { token: carol.token })).status).toBe(400);
  });
});

describe("listing with each graph's last run", () => {
  type Listed = {
    id: string;
    last_execution: { id: string; status: string; started_at: string | null; ended_at: string | null } | null;
  };
  const listed = async (user: TestUser) =>
    ((await (await api("/graphs?limit=100", { token: user.token })).json()) as { items: Listed[] }).items;
  const lastRunOf = async (user: TestUser, graphId: string) =>
    (await listed(user)).find((i) => i.id === graphId)?.last_execution;
  const runToEnd = async (user: TestUser, graphId: string) => {
    const res = await api(`/graphs/${graphId}/execute?wait=10`, { token: user.token, json: { inputs: {} } });
    if (res.status !== 200) throw new Error(`run did not finish: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; status: string };
  };

  it("carries the owner's newest run of each graph, null for a graph that never ran", async () => {
    const dave = await signUp();
    const ran = await create(dave, { ...staticLinkGraph(), name: "ran" });
    const idle = await create(dave, { ...staticLinkGraph(), name: "idle" });
    const first = await runToEnd(dave, ran.id);
    expect(first.status).toBe("COMPLETED");
    // The executions index row is written by the run's object off the request path: wait for it.
    await expect.poll(() => lastRunOf(dave, ran.id)).toMatchObject({ id: first.id, status: "COMPLETED" });
    const second = await runToEnd(dave, ran.id);
    await expect.poll(() => lastRunOf(dave, ran.id)).toMatchObject({ id: second.id, status: "COMPLETED" });
    const shown = await lastRunOf(dave, ran.id);
    expect(shown?.started_at).toEqual(expect.any(String));
    expect(shown?.ended_at).toEqual(expect.any(String));
    expect(await lastRunOf(dave, idle.id)).toBeNull();
  });

  it("never shows another user's runs, even newer ones recorded under the same graph id", async () => {
    const erin = await signUp();
    const mallory = await signUp();
    const ran = await create(erin, { ...staticLinkGraph(), name: "ran" });
    const idle = await create(erin, { ...staticLinkGraph(), name: "idle" });
    const mine = await runToEnd(erin, ran.id);
    await expect.poll(() => lastRunOf(erin, ran.id)).toMatchObject({ id: mine.id });
    // Graph ids are global, so only the owner filter keeps rows like these out; the API cannot make them
    // (another user's execute is a 404), so they go straight into D1, newer than Erin's run.
    for (const graphId of [ran.id, idle.id]) {
      await env.DB.prepare(
        `INSERT INTO executions (id, owner_id, graph_id, graph_version, status, created_at, started_at)
         VALUES (?, ?, ?, 1, 'FAILED', '2999-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')`,
      )
        .bind(crypto.randomUUID(), mallory.user.id, graphId)
        .run();
    }
    expect(await lastRunOf(erin, ran.id)).toMatchObject({ id: mine.id, status: "COMPLETED" });
    expect(await lastRunOf(erin, idle.id)).toBeNull();
    expect((await listed(mallory)).map((i) => i.id)).toEqual([]);
  });
});

describe("owner isolation and scopes", () => {
  it("another user gets 404 on every graph route and never sees the graph in a list", async () => {
    const g = await create(alice, staticLinkGraph());
    const b = bob.token;
    expect((await api(`/graphs/${g.id}`, { token: b })).status).toBe(404);
    expect((await api(`/graphs/${g.id}?version=1`, { token: b })).status).toBe(404);
    expect((await api(`/graphs/${g.id}/versions`, { token: b })).status).toBe(404);
    expect((await api(`/graphs/${g.id}/export`, { token: b })).status).toBe(404);
    expect((await api(`/graphs/${g.id}`, { token: b, method: "PUT", json: staticLinkGraph() })).status).toBe(404);
    expect((await api(`/graphs/${g.id}`, { token: b, method: "PATCH", json: { active_version: 1 } })).status).toBe(404);
    expect((await api(`/graphs/${g.id}`, { token: b, method: "DELETE" })).status).toBe(404);
    const list = (await (await api("/graphs?limit=100", { token: b })).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(g.id);
    // Alice's graph is untouched.
    const mine = (await (await api(`/graphs/${g.id}`, { token: alice.token })).json()) as GraphJson;
    expect(mine.version).toBe(1);
    expect(await loadGraphForRun(env.DB, bob.user.id, g.id)).toBeNull();
  });

  it("needs a credential, the read scope to read and the write scope to change", async () => {
    expect((await api("/graphs")).status).toBe(401);
    const { key } = await createApiKey(alice.token, ["read"]);
    expect((await api("/graphs", { apiKey: key })).status).toBe(200);
    const res = await api("/graphs", { apiKey: key, json: staticLinkGraph() });
    expect(res.status).toBe(403);
  });
});

describe("import and export", () => {
  it.each([
    ["testing agent", testingAgent],
    ["AI function agent", aiFunctionAgent],
    ["email address finder", emailFinderAgent],
  ])("%s: imports with placeholder warnings, exports, and re-imports unchanged in structure", async (_, file) => {
    const res = await api("/graphs/import", { token: alice.token, json: file });
    expect(res.status).toBe(201);
    const { graph, warnings } = (await res.json()) as {
      graph: GraphJson;
      warnings: { node_id: string; block_id: string; message: string }[];
    };
    expect(structure(graph)).toEqual(structure(file));
    for (const w of warnings) {
      expect(graph.nodes.find((n) => n.id === w.node_id)?.metadata.placeholder).toBe(true);
      expect(w.block_id).toBe(file.nodes.find((n) => n.id === w.node_id)?.block_id);
    }
    expect(Object.keys(graph.input_schema.properties).sort()).toEqual(Object.keys(file.input_schema.properties).sort());

    const exported = await api(`/graphs/${graph.id}/export`, { token: alice.token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain("attachment");
    const exportFile = (await exported.json()) as Record<string, unknown> & GraphJson;
    expect(exportFile.user_id).toBe("");
    // Every key of the AutoGPT file (older files say has_webhook_trigger for has_external_trigger).
    const keys = Object.keys(file).map((k) => (k === "has_webhook_trigger" ? "has_external_trigger" : k));
    expect(Object.keys(exportFile)).toEqual(expect.arrayContaining(keys));
    expect(structure(exportFile)).toEqual(structure(file));

    // The export re-imports; the id is taken now, so it gets a new one.
    const again = await api("/graphs/import", { token: alice.token, json: exportFile });
    expect(again.status).toBe(201);
    const second = ((await again.json()) as { graph: GraphJson }).graph;
    expect(second.id).not.toBe(graph.id);
    expect(structure(second)).toEqual(structure(file));

    // An imported graph with placeholders stays editable: PUT accepts the flagged nodes.
    const put = await api(`/graphs/${graph.id}`, { token: alice.token, method: "PUT", json: graph });
    expect(put.status).toBe(200);
  });

  it("imports sub-graphs, remaps AgentExecutor nodes, and loadGraphForRun returns them owner-scoped", async () => {
    const sub = crypto.randomUUID();
    const file = {
      id: crypto.randomUUID(),
      name: "parent",
      nodes: [
        {
          id: "call-child",
          block_id: AGENT_EXECUTOR_BLOCK_ID,
          input_default: {
            graph_id: sub,
            graph_version: 2,
            user_id: "someone-else",
            inputs: {},
            input_schema: { type: "object", properties: {}, required: [] },
            output_schema: { type: "object", properties: {}, required: [] },
          },
        },
      ],
      sub_graphs: [
        {
          id: sub,
          version: 2,
          name: "child",
          nodes: [{ id: "keep", block_id: BLOCK.storeValue, input_default: { input: 1 } }],
        },
      ],
    };
    // First import keeps the ids; the second must reassign both and point the node at the new child.
    await api("/graphs/import", { token: alice.token, json: file });
    const res = await api("/graphs/import", { token: alice.token, json: file });
    expect(res.status).toBe(201);
    const { graph } = (await res.json()) as { graph: GraphJson };
    expect(graph.id).not.toBe(file.id);
    expect(graph.sub_graphs).toHaveLength(1);
    const child = graph.sub_graphs[0];
    expect(child?.id).not.toBe(sub);
    expect(child).toMatchObject({ version: 2, name: "child", is_active: true });
    const node = graph.nodes[0];
    expect(node?.input_default).toMatchObject({ graph_id: child?.id, graph_version: 2, user_id: alice.user.id });

    const forRun = await loadGraphForRun(env.DB, alice.user.id, graph.id);
    expect(forRun?.sub_graphs.map((s) => [s.id, s.version])).toEqual([[child?.id, 2]]);
    expect(forRun?.sub_graphs[0]?.nodes.map((n) => n.id)).toEqual(["keep"]);
    expect(await loadGraphForRun(env.DB, alice.user.id, graph.id, 5)).toBeNull();

    // The export strips the importer's user id from AgentExecutor nodes.
    const exported = (await (await api(`/graphs/${graph.id}/export`, { token: alice.token })).json()) as GraphJson;
    expect(exported.nodes[0]?.input_default.user_id).toBe("");
    expect(exported.sub_graphs.map((s) => s.id)).toEqual([child?.id]);
  });

  it("concurrent imports of one file all succeed, each with its own id", async () => {
    const file = { ...staticLinkGraph(), id: crypto.randomUUID() };
    const results = await Promise.all([1, 2, 3].map(() => api("/graphs/import", { token: alice.token, json: file })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const ids = await Promise.all(results.map(async (r) => ((await r.json()) as { graph: GraphJson }).graph.id));
    expect(new Set(ids).size).toBe(3);
    expect(ids).toContain(file.id);
  });

  it("imports the old template format (is_template, subgraphs dict, links without is_static)", async () => {
    const res = await api("/graphs/import", {
      token: alice.token,
      json: {
        id: crypto.randomUUID(),
        version: 5,
        is_active: false,
        is_template: true,
        name: "Old template",
        description: "from graph_templates/",
        subgraphs: { group: ["store"] },
        nodes: [
          {
            id: "store",
            block_id: BLOCK.storeValue,
            input_default: { input: "hi" },
            metadata: { position: { x: 1, y: 2 } },
          },
          { id: "out", block_id: BLOCK.agentOutput, input_default: { name: "said" }, metadata: {} },
        ],
        links: [{ id: "l1", source_id: "store", sink_id: "out", source_name: "output", sink_name: "value" }],
      },
    });
    expect(res.status).toBe(201);
    const { graph } = (await res.json()) as { graph: GraphJson };
    expect(graph).toMatchObject({ version: 1, is_active: true, name: "Old template" });
    // StoreValue has static output, so the link is static whatever the file said.
    expect(graph.links).toEqual([
      { id: "l1", source_id: "store", sink_id: "out", source_name: "output", sink_name: "value", is_static: true },
    ]);
    expect(graph.output_schema.required).toEqual(["said"]);
  });

  it("POST /graphs refuses unknown blocks that import would keep as placeholders", async () => {
    const file = {
      ...testingAgent,
      nodes: [...testingAgent.nodes, { id: "alien", block_id: "0badb10c-0000-4000-8000-000000000000" }],
    };
    const res = await api("/graphs", { token: alice.token, json: file });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.details.map((d) => d.path)).toEqual(["nodes.alien.block_id"]);
    const imported = await api("/graphs/import", { token: alice.token, json: file });
    expect(imported.status).toBe(201);
    const body = (await imported.json()) as { warnings: { node_id: string }[] };
    expect(body.warnings.map((w) => w.node_id)).toContain("alien");
  });
});

describe("OpenAPI document", () => {
  it("lists every graphs route with its methods", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods("/api/v1/graphs")).toEqual(["get", "post"]);
    expect(methods("/api/v1/graphs/import")).toEqual(["post"]);
    expect(methods("/api/v1/graphs/{id}")).toEqual(["delete", "get", "patch", "put"]);
    expect(methods("/api/v1/graphs/{id}/versions")).toEqual(["get"]);
    expect(methods("/api/v1/graphs/{id}/export")).toEqual(["get"]);
  });

  it("documents last_execution on list items", async () => {
    const doc = (await (await api("/api/v1/openapi.json")).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    const summary = doc.components.schemas.GraphSummary;
    expect(Object.keys(summary?.properties ?? {})).toContain("last_execution");
    expect(summary?.required).toContain("last_execution");
    expect(Object.keys(doc.components.schemas.GraphLastExecution?.properties ?? {})).toEqual(
      expect.arrayContaining(["id", "status", "started_at"]),
    );
  });
});
