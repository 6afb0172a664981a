// Deep JSON at every entry: refused with 400 (path and limit) before anything is stored, and a block whose
// output nests too deep fails alone with a clear error while its run stays readable.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_JSON_DEPTH, jsonDepthProblem } from "../engine/json-limits";
import { newExecutionId, runStub } from "../worker/executions/run-stub";
import { BLOCK, createGraph, execute, getRun, graphJson, newUser, uid, until } from "./engine-helpers";
import { api } from "./helpers/auth";

const JSON_PARSE = "5ee7792b-20d8-4a37-ac85-e3c5577e190f";

/** `[[[…]]]` nested `levels` deep, as JSON text (built as text: serialising it would itself overflow). */
const deepText = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

/** Posts raw JSON text (the test helper's `json` option would stringify). */
function post(path: string, token: string, body: string, headers: Record<string, string> = {}, method = "POST") {
  return exports.default.fetch(
    new Request(`http://local.test/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
      body,
    }),
  );
}

type ErrorShape = { error: { code: string; message: string; details: { path: string; message: string }[] } };

async function echoGraph(token: string) {
  const [input, output] = [uid("in"), uid("out")];
  return createGraph(
    token,
    graphJson(
      "echo",
      [
        { id: input, block_id: BLOCK.input, input_default: { name: "x" } },
        { id: output, block_id: BLOCK.output, input_default: { name: "y" } },
      ],
      [[input, "result", output, "value"]],
    ),
  );
}

describe("JSON depth limit", () => {
  it("walks without recursion and names the first too-deep path", () => {
    expect(jsonDepthProblem(JSON.parse(deepText(100_000)), 64)?.path).toBe(Array(64).fill("0").join("."));
    expect(jsonDepthProblem({ a: [{ b: 1 }] }, 3)).toBeNull();
    expect(jsonDepthProblem({ a: [{ b: [] }] }, 3, "inputs")).toEqual({
      path: "inputs.a.0.b",
      message: "Nested deeper than 3 levels (the JSON depth limit)",
    });
  });

  it("refuses execute inputs nested 2,000 levels with 400 and stores no run", async () => {
    const { token, userId } = await newUser();
    const graph = await echoGraph(token);
    const key = crypto.randomUUID();
    const res = await post(`/graphs/${graph.id}/execute`, token, `{"inputs":{"x":${deepText(2000)}}}`, {
      "Idempotency-Key": key,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorShape;
    expect(body.error.message).toContain(`${DEFAULT_MAX_JSON_DEPTH} levels`);
    expect(body.error.details[0]?.path).toMatch(/^inputs\.x(\.0)+$/);
    // The run the key would have made does not exist, and the graph has no runs.
    expect(await runStub(env, await newExecutionId(userId, graph.id, key)).view(userId)).toBeNull();
    const runs = await env.DB.prepare("SELECT COUNT(*) AS n FROM executions WHERE graph_id = ?")
      .bind(graph.id)
      .first<{ n: number }>();
    expect(runs?.n).toBe(0);
    // The graph still runs with sane inputs.
    const ok = await execute(token, graph.id, { x: [[1]] }, 10);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { outputs: unknown }).outputs).toEqual({ y: [[[1]]] });
  });

  it("refuses a body with a __proto__ key (credentials_inputs, inputs) with 400 and the path, storing no run", async () => {
    const { token } = await newUser();
    const graph = await echoGraph(token);
    const bodies: [body: string, path: string][] = [
      [
        '{"inputs":{"x":1},"credentials_inputs":{"__proto__":{"id":"c","provider":"openai","type":"api_key"}}}',
        "credentials_inputs.__proto__",
      ],
      ['{"inputs":{"x":{"a":{"__proto__":{"polluted":true}}}}}', "inputs.x.a.__proto__"],
    ];
    for (const [body, path] of bodies) {
      const res = await post(`/graphs/${graph.id}/execute`, token, body);
      expect(res.status, body).toBe(400);
      const error = ((await res.json()) as ErrorShape).error;
      expect(error.message).toContain("__proto__");
      expect(error.details[0]?.path).toBe(path);
    }
    const runs = await env.DB.prepare("SELECT COUNT(*) AS n FROM executions WHERE graph_id = ?")
      .bind(graph.id)
      .first<{ n: number }>();
    expect(runs?.n).toBe(0);
  });

  it("refuses review data nested 4,000 levels with 400 and keeps the review pending", async () => {
    const { token } = await newUser();
    const [input, review, out] = [uid("in"), uid("review"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "review",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "draft" } },
          { id: review, block_id: BLOCK.review, input_default: { name: "Draft", editable: true } },
          { id: out, block_id: BLOCK.output, input_default: { name: "approved" } },
        ],
        [
          [input, "result", review, "data"],
          [review, "approved_data", out, "value"],
        ],
      ),
    );
    const started = await execute(token, graph.id, { draft: "hi" });
    const { execution_id: id } = (await started.json()) as { execution_id: string };
    await until(token, id, (r) => r.status === "REVIEW");
    const listed = (await (await api(`/executions/${id}/reviews`, { token })).json()) as {
      items: { node_exec_id: string }[];
    };
    const target = `/executions/${id}/reviews/${listed.items[0]?.node_exec_id}`;
    const res = await post(target, token, `{"approved":true,"data":${deepText(4000)}}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorShape).error.details[0]?.path).toMatch(/^data(\.0)+$/);
    const after = (await (await api(`/executions/${id}/reviews`, { token })).json()) as { items: { status: string }[] };
    expect(after.items[0]?.status).toBe("WAITING");
    expect((await getRun(token, id)).status).toBe("REVIEW");
  });

  it("refuses a graph save or import with input_default nested 5,000 levels and stores nothing", async () => {
    const { token, userId } = await newUser();
    const node = uid("n");
    const body = (nested: string) =>
      `{"name":"deep","nodes":[{"id":"${node}","block_id":"${BLOCK.output}","input_default":{"name":"o","value":${nested}}}],"links":[]}`;
    for (const path of ["/graphs", "/graphs/import"]) {
      const res = await post(path, token, body(deepText(5000)));
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorShape).error.details[0]?.path).toMatch(
        /^nodes\.0\.input_default\.value(\.0)+$/,
      );
    }
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM graphs WHERE owner_id = ?")
      .bind(userId)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
    // A new version of an existing graph is refused the same way.
    const graph = await echoGraph(token);
    const update = await post(`/graphs/${graph.id}`, token, body(deepText(5000)), {}, "PUT");
    expect(update.status).toBe(400);
  });

  it("fails a node whose output nests too deep, with a clear error, and the run stays readable", async () => {
    const { token } = await newUser();
    const [input, parse, out] = [uid("in"), uid("parse"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "parse",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
          { id: parse, block_id: JSON_PARSE },
          { id: out, block_id: BLOCK.output, input_default: { name: "parsed" } },
        ],
        [
          [input, "result", parse, "json_string"],
          [parse, "parsed", out, "value"],
        ],
      ),
    );
    const res = await execute(token, graph.id, { text: deepText(5000) }, 20);
    expect(res.status).toBe(200);
    const run = await getRun(token, ((await res.json()) as { id: string }).id);
    const node = run.node_executions.find((n) => n.node_id === parse);
    expect(node?.status).toBe("FAILED");
    expect(node?.error).toMatch(/Output "parsed" is nested deeper than 64 levels/);
    expect(run.outputs).toEqual({});
  });
});
