// The authorisation matrix, generated from the route table (every route the app registers, `app.routes`): each
// route × (anonymous, another user, the owner, an API key without the route's scope, a key with only that scope).
// A route without an entry below fails the suite, so a new route cannot ship without its access rule. Refused
// callers change nothing of the owner's (a dump of the owner's rows before and after), and no answer to anybody
// carries a server secret, a credential's secret or an API key. Forged session tokens (alg none, wrong key,
// tampered payload, expired, wrong issuer or audience) get 401 on every protected route.
import { env, exports } from "cloudflare:workers";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../worker/app";
import { BLOCK, createGraph, execute, graphJson, newUser, uid } from "./engine-helpers";
import { api, createApiKey, signUp, TEST_PASSWORD } from "./helpers/auth";

type Scope = "read" | "write" | "execute";
type Req = { path: string; json?: unknown; form?: FormData; headers?: Record<string, string> };
type Fixture = Awaited<ReturnType<typeof makeFixture>>;
/** `owned`: the path names the owner's resource, so another user gets 404. `own`: it acts on the caller's own data. */
type Protected = {
  scope: Scope;
  tenancy: "owned" | "own";
  /** `fresh`: the caller will succeed, so a destructive route gets a resource of its own. */
  request: (f: Fixture, fresh: boolean) => Req | Promise<Req>;
};
type Entry = { public: (f: Fixture) => Req } | Protected;

const API = "/api/v1";
const CRON = "*/5 * * * *";
const CREDENTIAL_SECRET = `sk-matrix-${crypto.randomUUID()}`;

async function makeFixture() {
  const email = `owner-${crypto.randomUUID()}@example.com`;
  const owner = await signUp(email);
  const token = owner.token;
  const userId = owner.user.id;
  const [input, output] = [uid("in"), uid("out")];
  const graphBody = graphJson(
    "matrix",
    [
      { id: input, block_id: BLOCK.input, input_default: { name: "x" } },
      { id: output, block_id: BLOCK.output, input_default: { name: "y" } },
    ],
    [[input, "result", output, "value"]],
  );
  const newGraph = async () => (await createGraph(token, graphBody)).id;
  const graphId = await newGraph();
  const newRun = async () =>
    ((await (await execute(token, graphId, { x: 1 }, 10)).json()) as { id: string; execution_id?: string }).id;
  const runId = await newRun();
  const [draft, review] = [uid("in"), uid("review")];
  const reviewGraph = await createGraph(
    token,
    graphJson(
      "matrix review",
      [
        { id: draft, block_id: BLOCK.input, input_default: { name: "draft" } },
        { id: review, block_id: BLOCK.review, input_default: { name: "Draft" } },
      ],
      [[draft, "result", review, "data"]],
    ),
  );
  const newReview = async () => {
    const res = await execute(token, reviewGraph.id, { draft: "hello" }, 5);
    const body = (await res.json()) as { id?: string; execution_id?: string };
    const id = (body.execution_id ?? body.id) as string;
    for (let i = 0; i < 200; i++) {
      const { items } = (await (await api(`/executions/${id}/reviews`, { token })).json()) as {
        items: { node_exec_id: string }[];
      };
      if (items[0]) return { runId: id, nodeExecId: items[0].node_exec_id };
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("no review appeared");
  };
  const newCredential = async () => {
    const res = await api("/credentials", {
      token,
      json: { provider: "openai", type: "api_key", title: "matrix", api_key: CREDENTIAL_SECRET },
    });
    if (res.status !== 201) throw new Error(`credential: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const newFile = async () => {
    const form = new FormData();
    form.set("file", new File(["hello"], "hello.txt", { type: "text/plain" }));
    const res = await exports.default.fetch(
      new Request(`http://local.test${API}/files`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
        body: form,
      }),
    );
    if (res.status !== 201) throw new Error(`file: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  // Straight into D1: the per-user schedule cap (3 in tests) would otherwise stop the fresh ones.
  const newSchedule = async () => {
    const id = crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO schedules (id, owner_id, graph_id, graph_version, name, cron, inputs, next_run_at) VALUES (?, ?, ?, 1, 'm', ?, '{}', ?)",
    )
      .bind(id, userId, graphId, CRON, new Date(Date.now() + 3_600_000).toISOString())
      .run();
    return id;
  };
  const newKey = async () => (await createApiKey(token, ["read"], "to revoke")).id;
  const keys = {
    read: await createApiKey(token, ["read"]),
    write: await createApiKey(token, ["write"]),
    execute: await createApiKey(token, ["execute"]),
    notRead: await createApiKey(token, ["write", "execute"]),
    notWrite: await createApiKey(token, ["read", "execute"]),
    notExecute: await createApiKey(token, ["read", "write"]),
  };
  let notificationId = "";
  for (let i = 0; i < 200 && !notificationId; i++) {
    const { items } = (await (await api("/notifications", { token })).json()) as { items: { id: string }[] };
    notificationId = items[0]?.id ?? "";
    if (!notificationId) await new Promise((r) => setTimeout(r, 25));
  }
  const exported = await (await api(`/graphs/${graphId}/export`, { token })).json();
  // Callbacks on a graph that never runs (a run of it would call the URL).
  const callbackGraphId = await newGraph();
  await api(`/graphs/${callbackGraphId}/callback`, {
    token,
    method: "PUT",
    json: { url: "https://93.184.215.14/hook" },
  });
  return {
    email,
    token,
    userId,
    graphId,
    callbackGraphId,
    graphBody,
    exported,
    outputNode: output,
    runId,
    review: await newReview(),
    credentialId: await newCredential(),
    fileId: await newFile(),
    scheduleId: await newSchedule(),
    keyId: await newKey(),
    notificationId,
    keys,
    newGraph,
    newRun,
    newReview,
    newCredential,
    newFile,
    newSchedule,
    newKey,
  };
}

/** Every route's access rule, keyed as the route table names it (`METHOD /path/:param`). */
const matrix: Record<string, Entry> = {
  "GET /health": { public: () => ({ path: "/health" }) },
  "GET /ready": { public: () => ({ path: "/ready" }) },
  "GET /api/v1/openapi.json": { public: () => ({ path: `${API}/openapi.json` }) },
  "GET /api/docs": { public: () => ({ path: "/api/docs" }) },
  "POST /api/v1/auth/signup": {
    public: () => ({
      path: `${API}/auth/signup`,
      json: { email: `m-${crypto.randomUUID()}@e.com`, password: "pw-12345678" },
    }),
  },
  "POST /api/v1/auth/login": {
    public: (f) => ({ path: `${API}/auth/login`, json: { email: f.email, password: TEST_PASSWORD } }),
  },
  "GET /api/v1/auth/me": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/auth/me` }) },

  "POST /api/v1/api-keys": {
    scope: "write",
    tenancy: "own",
    request: () => ({ path: `${API}/api-keys`, json: { name: "minted", scopes: ["write"] } }),
  },
  "GET /api/v1/api-keys": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/api-keys` }) },
  "DELETE /api/v1/api-keys/:id": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/api-keys/${fresh ? await f.newKey() : f.keyId}` }),
  },

  "GET /api/v1/blocks": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/blocks` }) },

  "POST /api/v1/credentials": {
    scope: "write",
    tenancy: "own",
    request: () => ({
      path: `${API}/credentials`,
      json: { provider: "openai", type: "api_key", title: "t", api_key: CREDENTIAL_SECRET },
    }),
  },
  "GET /api/v1/credentials": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/credentials` }) },
  "GET /api/v1/credentials/:id": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/credentials/${f.credentialId}` }),
  },
  "PATCH /api/v1/credentials/:id": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/credentials/${f.credentialId}`, json: { title: "renamed" } }),
  },
  "DELETE /api/v1/credentials/:id": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/credentials/${fresh ? await f.newCredential() : f.credentialId}` }),
  },

  "POST /api/v1/graphs": {
    scope: "write",
    tenancy: "own",
    request: (f) => ({ path: `${API}/graphs`, json: f.graphBody }),
  },
  "POST /api/v1/graphs/import": {
    scope: "write",
    tenancy: "own",
    request: (f) => ({ path: `${API}/graphs/import`, json: f.exported }),
  },
  "GET /api/v1/graphs": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/graphs` }) },
  "GET /api/v1/graphs/:id": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}` }),
  },
  "GET /api/v1/graphs/:id/versions": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}/versions` }),
  },
  "GET /api/v1/graphs/:id/export": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}/export` }),
  },
  "PUT /api/v1/graphs/:id": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}`, json: f.graphBody }),
  },
  "PATCH /api/v1/graphs/:id": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}`, json: { active_version: 1 } }),
  },
  "DELETE /api/v1/graphs/:id": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/graphs/${fresh ? await f.newGraph() : f.graphId}` }),
  },

  "POST /api/v1/files": {
    scope: "write",
    tenancy: "own",
    request: () => {
      const form = new FormData();
      form.set("file", new File(["hi"], "hi.txt", { type: "text/plain" }));
      return { path: `${API}/files`, form };
    },
  },
  "GET /api/v1/files/:id": { scope: "read", tenancy: "owned", request: (f) => ({ path: `${API}/files/${f.fileId}` }) },
  "DELETE /api/v1/files/:id": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/files/${fresh ? await f.newFile() : f.fileId}` }),
  },

  "ALL /api/v1/mcp": {
    scope: "execute",
    tenancy: "own",
    request: () => ({
      path: `${API}/mcp`,
      json: { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} },
      headers: { Accept: "application/json, text/event-stream" },
    }),
  },

  "POST /api/v1/graphs/:id/execute": {
    scope: "execute",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}/execute`, json: { inputs: { x: 2 } } }),
  },
  "GET /api/v1/graphs/:id/executions": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}/executions` }),
  },
  "GET /api/v1/executions": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/executions` }) },
  "GET /api/v1/executions/:id": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/executions/${f.runId}` }),
  },
  "POST /api/v1/executions/:id/cancel": {
    scope: "execute",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/executions/${f.runId}/cancel` }),
  },
  "DELETE /api/v1/executions/:id": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/executions/${fresh ? await f.newRun() : f.runId}` }),
  },
  "GET /api/v1/executions/:id/reviews": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/executions/${f.review.runId}/reviews` }),
  },
  "POST /api/v1/executions/:id/reviews/:nodeExecId": {
    scope: "execute",
    tenancy: "owned",
    request: async (f, fresh) => {
      const { runId, nodeExecId } = fresh ? await f.newReview() : f.review;
      return { path: `${API}/executions/${runId}/reviews/${nodeExecId}`, json: { approved: true } };
    },
  },
  "POST /api/v1/executions/:id/rerun": {
    scope: "execute",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/executions/${f.runId}/rerun`, json: { from_node_id: f.outputNode } }),
  },
  "GET /api/v1/ws": {
    scope: "read",
    tenancy: "own",
    request: () => ({ path: `${API}/ws`, headers: { Upgrade: "websocket" } }),
  },
  "GET /api/v1/executions/:id/ws": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/executions/${f.runId}/ws`, headers: { Upgrade: "websocket" } }),
  },

  "POST /api/v1/graphs/:id/schedules": {
    scope: "execute",
    tenancy: "owned",
    request: (f) => ({
      path: `${API}/graphs/${f.graphId}/schedules`,
      json: { name: "m", cron: CRON, timezone: "UTC", inputs: { x: 1 } },
    }),
  },
  // Another user's graph id lists that user's own schedules of it: none.
  "GET /api/v1/graphs/:id/schedules": {
    scope: "read",
    tenancy: "own",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}/schedules` }),
  },
  "GET /api/v1/schedules": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/schedules` }) },
  "GET /api/v1/schedules/:id": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/schedules/${f.scheduleId}` }),
  },
  "PATCH /api/v1/schedules/:id": {
    scope: "execute",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/schedules/${f.scheduleId}`, json: { paused: true } }),
  },
  "DELETE /api/v1/schedules/:id": {
    scope: "execute",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/schedules/${fresh ? await f.newSchedule() : f.scheduleId}` }),
  },

  "GET /api/v1/notifications": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/notifications` }) },
  "POST /api/v1/notifications/:id/read": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/notifications/${f.notificationId}/read` }),
  },
  "POST /api/v1/notifications/read": {
    scope: "write",
    tenancy: "own",
    request: () => ({ path: `${API}/notifications/read` }),
  },

  "PUT /api/v1/graphs/:id/callback": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({
      path: `${API}/graphs/${f.callbackGraphId}/callback`,
      json: { url: "https://93.184.215.14/other" },
    }),
  },
  "GET /api/v1/graphs/:id/callback": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.callbackGraphId}/callback` }),
  },
  // Deletes the caller's own callback of that graph id (none for another user); the owner's stays (state dump).
  "DELETE /api/v1/graphs/:id/callback": {
    scope: "write",
    tenancy: "own",
    request: (f) => ({ path: `${API}/graphs/${f.callbackGraphId}/callback` }),
  },
};

/** The route table: every route the app registers (middleware, registered under `*` paths, left out). */
function routeTable(): string[] {
  const keys = app.routes.filter((r) => !r.path.includes("*")).map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

type Caller = { token?: string; apiKey?: string };

async function call(method: string, req: Req, caller: Caller): Promise<{ status: number; text: string }> {
  const headers = new Headers(req.headers);
  if (caller.token) headers.set("Authorization", `Bearer ${caller.token}`);
  if (caller.apiKey) headers.set("X-API-Key", caller.apiKey);
  let body: BodyInit | undefined;
  if (req.form) body = req.form;
  else if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers.set("Content-Type", "application/json");
  }
  const verb = method === "ALL" ? "POST" : method;
  const res = await exports.default.fetch(new Request(`http://local.test${req.path}`, { method: verb, headers, body }));
  if (res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000, "done");
    return { status: res.status, text: "" };
  }
  return { status: res.status, text: await res.text() };
}

/** The owner's rows, as text: what a refused request must leave as it was. */
async function ownerDump(userId: string): Promise<string> {
  const queries = [
    "SELECT id, version, is_active, name, body FROM graphs WHERE owner_id = ?1 ORDER BY id, version",
    "SELECT id, name, revoked_at FROM api_keys WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, status FROM executions WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, title FROM credentials WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, name, cron, enabled FROM schedules WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, read_at FROM notifications WHERE owner_id = ?1 ORDER BY id",
    "SELECT graph_id, url FROM graph_callbacks WHERE owner_id = ?1 ORDER BY graph_id",
  ];
  const parts = await Promise.all(queries.map((q) => env.DB.prepare(q).bind(userId).all()));
  return JSON.stringify(parts.map((p) => p.results));
}

const missingScope = { read: "notRead", write: "notWrite", execute: "notExecute" } as const;

let f: Fixture;
let other: { token: string; userId: string };
/** Every answer the suite saw, checked for secrets at the end. */
const answers: string[] = [];

beforeAll(async () => {
  f = await makeFixture();
  other = await newUser();
}, 60_000);

describe("the route table", () => {
  it("has an access rule for every route, and every rule names a route that exists", () => {
    const table = routeTable();
    expect(table.length).toBeGreaterThan(40);
    expect(table.filter((key) => !(key in matrix))).toEqual([]);
    expect(Object.keys(matrix).filter((key) => !table.includes(key))).toEqual([]);
  });
});

describe("authorisation matrix", () => {
  it.each(Object.keys(matrix))("%s", async (key) => {
    const [method = "", path = ""] = key.split(" ");
    expect(path).not.toBe("");
    const entry = matrix[key] as Entry;
    if ("public" in entry) {
      const answer = await call(method, entry.public(f), {});
      answers.push(answer.text);
      expect(answer.status, answer.text).toBeLessThan(400);
      return;
    }
    const refused: [string, Caller, number | "own"][] = [
      ["anonymous", {}, 401],
      ["key without the scope", { apiKey: f.keys[missingScope[entry.scope]].key }, 403],
      ["another user", { token: other.token }, entry.tenancy === "owned" ? 404 : "own"],
    ];
    const before = await ownerDump(f.userId);
    for (const [who, caller, expected] of refused) {
      const answer = await call(method, await entry.request(f, false), caller);
      answers.push(answer.text);
      if (expected === "own") {
        expect(answer.status, `${who}: ${answer.text}`).toBeLessThan(400);
        for (const id of [f.graphId, f.runId, f.credentialId, f.scheduleId, f.fileId, f.keyId, f.userId]) {
          expect(answer.text, `${who} sees the owner's ${id}`).not.toContain(id);
        }
      } else {
        expect(answer.status, `${who}: ${answer.text}`).toBe(expected);
        expect(JSON.parse(answer.text)).toMatchObject({
          error: { code: expect.any(String), message: expect.any(String) },
        });
      }
    }
    expect(await ownerDump(f.userId), "a refused caller changed the owner's data").toBe(before);
    const granted: [string, Caller][] = [
      ["owner", { token: f.token }],
      ["key with the scope", { apiKey: f.keys[entry.scope].key }],
    ];
    for (const [who, caller] of granted) {
      const answer = await call(method, await entry.request(f, true), caller);
      answers.push(answer.text);
      expect(answer.status, `${who}: ${answer.text}`).toBeLessThan(400);
    }
  });
});

describe("forged session tokens", () => {
  const secret = () => new TextEncoder().encode(env.JWT_SECRET);
  const claims = () => new SignJWT({}).setSubject(f.userId).setIssuedAt();
  const b64 = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const forgeries: [string, () => Promise<string>][] = [
    [
      "alg none",
      async () =>
        `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: f.userId, iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, exp: 9e9 })}.`,
    ],
    [
      "signed with another key",
      () =>
        claims()
          .setProtectedHeader({ alg: "HS256" })
          .setIssuer(env.JWT_ISSUER)
          .setAudience(env.JWT_AUDIENCE)
          .setExpirationTime("1h")
          .sign(new TextEncoder().encode("another-secret-0123456789abcdef0123456789")),
    ],
    [
      "tampered payload (another user's sub under the owner's signature)",
      async () => {
        const [header, , signature] = f.token.split(".");
        return `${header}.${b64({ sub: other.userId, iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, exp: 9e9 })}.${signature}`;
      },
    ],
    [
      "expired",
      () =>
        new SignJWT({})
          .setSubject(f.userId)
          .setProtectedHeader({ alg: "HS256" })
          .setIssuer(env.JWT_ISSUER)
          .setAudience(env.JWT_AUDIENCE)
          .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
          .sign(secret()),
    ],
    [
      "wrong issuer",
      () =>
        claims()
          .setProtectedHeader({ alg: "HS256" })
          .setIssuer("someone-else")
          .setAudience(env.JWT_AUDIENCE)
          .setExpirationTime("1h")
          .sign(secret()),
    ],
    [
      "wrong audience",
      () =>
        claims()
          .setProtectedHeader({ alg: "HS256" })
          .setIssuer(env.JWT_ISSUER)
          .setAudience("someone-else")
          .setExpirationTime("1h")
          .sign(secret()),
    ],
    [
      "HS384 with our secret (an algorithm we do not accept)",
      () =>
        claims()
          .setProtectedHeader({ alg: "HS384" })
          .setIssuer(env.JWT_ISSUER)
          .setAudience(env.JWT_AUDIENCE)
          .setExpirationTime("1h")
          .sign(secret()),
    ],
  ];

  it.each(forgeries)("%s: 401 on every protected route", async (_name, forge) => {
    const token = await forge();
    for (const key of Object.keys(matrix)) {
      const entry = matrix[key] as Entry;
      if ("public" in entry) continue;
      const [method = ""] = key.split(" ");
      const answer = await call(method, await entry.request(f, false), { token });
      answers.push(answer.text);
      expect(answer.status, `${key}: ${answer.text}`).toBe(401);
    }
  });

  it("a well-formed token of the same shape passes (the forgeries fail for their flaw alone)", async () => {
    const token = await claims()
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setExpirationTime("1h")
      .sign(secret());
    expect((await api("/auth/me", { token })).status).toBe(200);
  });
});

describe("secrets in answers", () => {
  it("no answer above carried a server secret, a credential's secret, a password or another key", () => {
    const all = answers.join("\n");
    expect(answers.length).toBeGreaterThan(200);
    for (const secret of [env.JWT_SECRET, env.CREDENTIALS_KEY, CREDENTIAL_SECRET, TEST_PASSWORD]) {
      expect(all).not.toContain(secret);
    }
    for (const key of Object.values(f.keys)) expect(all).not.toContain(key.key);
  });
});
