// Hostile input on every JSON route: malformed, truncated, deep, huge, wrong types, unknown fields and
// prototype keys. Each answer is a 4xx in the error shape (never a 5xx), and a refused request changes
// nothing stored (the owner's rows are counted before and after).
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
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

// Every route with a JSON body (worker/routes/*.ts), with real ids of the caller's graph and run.
const routes: [label: string, method: string, path: () => string][] = [
  ["POST /graphs", "POST", () => "/graphs"],
  ["POST /graphs/import", "POST", () => "/graphs/import"],
  ["PUT /graphs/:id", "PUT", () => `/graphs/${graphId}`],
  ["PATCH /graphs/:id", "PATCH", () => `/graphs/${graphId}`],
  ["POST /graphs/:id/execute", "POST", () => `/graphs/${graphId}/execute`],
  ["POST /executions/:id/reviews/:nodeExecId", "POST", () => `/executions/${runId}/reviews/${crypto.randomUUID()}`],
  ["POST /executions/:id/rerun", "POST", () => `/executions/${runId}/rerun`],
  ["POST /api-keys", "POST", () => "/api-keys"],
  ["POST /auth/signup", "POST", () => "/auth/signup"],
  ["POST /auth/login", "POST", () => "/auth/login"],
  ["POST /store/submissions", "POST", () => "/store/submissions"],
  ["PATCH /store/submissions/:id", "PATCH", () => `/store/submissions/${submissionId}`],
  ["PUT /store/profile", "PUT", () => "/store/profile"],
  ["POST /store/agents/:username/:slug/reviews", "POST", () => "/store/agents/nobody/nothing/reviews"],
  ["POST /library/agents", "POST", () => "/library/agents"],
  ["PATCH /library/agents/:graph_id", "PATCH", () => `/library/agents/${graphId}`],
  ["POST /library/presets", "POST", () => "/library/presets"],
  ["PATCH /library/presets/:id", "PATCH", () => `/library/presets/${presetId}`],
];

describe("fuzzing the JSON routes", () => {
  it.each(routes)(
    "%s: 4xx in the error shape, never 5xx, nothing stored when refused",
    async (_label, method, path) => {
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          const before = await counts();
          const res = await exports.default.fetch(
            new Request(`http://local.test/api/v1${path()}`, {
              method,
              headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
              body: text,
            }),
          );
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            const error = ((await res.json()) as { error: { code: string; message: string; details: unknown[] } })
              .error;
            expect(typeof error.code).toBe("string");
            expect(typeof error.message).toBe("string");
            expect(Array.isArray(error.details)).toBe(true);
            expect(await counts()).toEqual(before);
          } else await res.arrayBuffer();
        }),
        { numRuns: 25 },
      );
    },
  );
});
