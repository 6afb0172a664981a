// Hostile input on every route of the route table (`app.routes`, so a new route is fuzzed without being listed
// here): malformed, truncated, deep, huge, wrong types, unknown fields and prototype keys in bodies, junk path
// parameters and query strings. Each answer is a 4xx in the error shape (never a 5xx), and a refused request changes
// nothing stored (the owner's rows are counted before and after).
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../worker/app";
import { BLOCK, createGraph, execute, graphJson, newUser, uid } from "./engine-helpers";

let token = "";
let userId = "";
let graphId = "";
let runId = "";
let submissionId = "";
let presetId = "";

beforeAll(async () => {
  ({ token, userId } = await newUser());
  const [input, output] = [uid("in"), uid("out")];
  const graph = await createGraph(
    token,
    graphJson(
      "fuzz",
      [
        { id: input, block_id: BLOCK.input, input_default: { name: "x" } },
        { id: output, block_id: BLOCK.output, input_default: { name: "y" } },
      ],
      [[input, "result", output, "value"]],
    ),
  );
  graphId = graph.id;
  runId = ((await (await execute(token, graphId, { x: 1 }, 10)).json()) as { id: string }).id;
  // The run's index row is written in a batch a moment later: wait for it so the counts below hold still.
  for (let i = 0; i < 200; i++) {
    if (await env.DB.prepare("SELECT 1 AS ok FROM executions WHERE id = ?").bind(runId).first()) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  // A pending store submission and a preset, for the store and library routes.
  const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const post = (path: string, json: unknown) =>
    exports.default.fetch(
      new Request(`http://local.test/api/v1${path}`, { method: "POST", headers: auth, body: JSON.stringify(json) }),
    );
  submissionId = (
    (await (
      await post("/store/submissions", { graph_id: graphId, graph_version: 1, slug: "fuzz", name: "fuzz" })
    ).json()) as { id: string }
  ).id;
  presetId = (
    (await (await post("/library/presets", { graph_id: graphId, name: "fuzz", inputs: { x: 1 } })).json()) as {
      id: string;
    }
  ).id;
});

const deep = (n: number) => `{"a":${"[".repeat(n)}${"]".repeat(n)}}`;

/** Bodies as raw text: JSON values, broken JSON, deep nesting, big strings, prototype keys. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => {
    const text = JSON.stringify(v);
    return text.slice(0, Math.max(0, text.length - 1)); // truncated
  }),
  fc.string({ maxLength: 50 }),
  fc.integer({ min: 65, max: 3000 }).map(deep),
  fc.constantFrom(
    '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
    '{"name":{"__proto__":null},"nodes":"x","links":{}}',
    '{"inputs":{"__proto__":{"x":1}}}',
    '{"approved":"yes","data":{"constructor":1}}',
    '{"email":["a@b.c"],"password":{"$gt":""}}',
    '{"scopes":["root"],"name":""}',
    '{"active_version":-1}',
    '{"from_node_id":{"toString":"x"}}',
    `{"name":"${"x".repeat(200_000)}"}`,
    "",
    "null",
    "[]",
  ),
);

async function counts() {
  const row = await env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM graphs WHERE owner_id = ?1) AS graphs,
            (SELECT COUNT(*) FROM api_keys WHERE owner_id = ?1) AS keys,
            (SELECT COUNT(*) FROM executions WHERE owner_id = ?1) AS runs,
            (SELECT COUNT(*) FROM store_submissions WHERE owner_id = ?1) AS submissions,
            (SELECT COUNT(*) FROM store_profiles WHERE user_id = ?1) AS profiles,
            (SELECT COUNT(*) FROM library_agents WHERE owner_id = ?1) AS library,
            (SELECT COUNT(*) FROM library_presets WHERE owner_id = ?1) AS presets`,
  )
    .bind(userId)
    .first();
  return row;
}

/** The caller's real ids, by the path segment a parameter follows (`/graphs/:id` → the graph). */
const realIds = (): Record<string, string> => ({
  graphs: graphId,
  executions: runId,
  reviews: crypto.randomUUID(),
  submissions: submissionId,
  presets: presetId,
});

/** A path parameter: the caller's real resource (never for DELETE: it would go), a stranger's id, or junk. */
const param = (segment: string, method: string) => {
  const junk = fc.oneof(
    fc.uuid(),
    fc.string({ maxLength: 40 }),
    fc.constantFrom("..", "%00", "__proto__", "constructor", "x".repeat(3000), "-1", "1e309", "null"),
  );
  const real = realIds()[segment];
  return real && method !== "DELETE" ? fc.oneof(fc.constant(real), junk) : junk;
};

/** Query strings: the known ones with junk values, unknown keys, prototype keys, repeated keys. */
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "limit",
        "cursor",
        "version",
        "wait",
        "status",
        "graph_id",
        "trigger",
        "provider",
        "unread",
        "__proto__",
        "x",
      ),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.integer().map(String),
        fc.constantFrom("-1", "1e999", "NaN", "[]", "{}"),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs)}` : ""));

/** Routes whose protocol fixes another error shape (JSON-RPC 2.0 for MCP clients). */
const JSON_RPC_ROUTES = new Set(["/api/v1/mcp"]);

/** Every route the app registers (`app.routes`; middleware under `*` left out): nothing hand-listed. */
const routes = [...new Set(app.routes.filter((r) => !r.path.includes("*")).map((r) => `${r.method} ${r.path}`))].sort();

describe("fuzzing every route of the route table", () => {
  it("covers the whole table", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.startsWith("POST ")).length).toBeGreaterThan(10);
  });

  it.each(routes)("%s: 4xx in the error shape, never 5xx, nothing stored when refused", async (route) => {
    const [declared = "", template = ""] = route.split(" ");
    const method = declared === "ALL" ? "POST" : declared;
    const parts = template
      .split("/")
      .map((part, i, all) =>
        part.startsWith(":") ? param(all[i - 1] ?? "", method).map(encodeURIComponent) : fc.constant(part),
      );
    const path = fc.tuple(...parts).map((segments) => segments.join("/"));
    const withBody = method !== "GET" && method !== "HEAD";
    await fc.assert(
      fc.asyncProperty(path, query, withBody ? body : fc.constant(undefined), async (p, q, text) => {
        const before = await counts();
        const res = await exports.default.fetch(
          new Request(`http://local.test${p}${q}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
            body: text,
          }),
        );
        expect(res.status, `${method} ${p}${q}`).toBeLessThan(500);
        if (res.status >= 400) {
          const answer = (await res.json()) as {
            jsonrpc?: string;
            error: { code: unknown; message: unknown; details?: unknown };
          };
          if (JSON_RPC_ROUTES.has(template) && answer.jsonrpc !== undefined) {
            // MCP speaks JSON-RPC 2.0 past the gateway's checks: its errors carry a numeric code by that protocol.
            expect(answer.jsonrpc).toBe("2.0");
            expect(typeof answer.error.code).toBe("number");
          } else {
            expect(typeof answer.error.code).toBe("string");
            expect(Array.isArray(answer.error.details)).toBe(true);
          }
          expect(typeof answer.error.message).toBe("string");
          expect(await counts()).toEqual(before);
        } else if (res.webSocket) {
          res.webSocket.accept();
          res.webSocket.close();
        } else await res.arrayBuffer();
      }),
      { numRuns: 12 },
    );
  });
});
