// The authorisation matrix, generated from the route table (every route the app registers, `app.routes`). Every
// route has a rule of one kind, and each kind says who is refused and who gets through:
// - public: anybody, without signing in;
// - protected (scope + tenancy): anonymous callers and an API key without the route's scope are refused, another
//   user is refused or (on routes that act on the caller's own data) sees only theirs; the owner and a key with
//   only that scope get through;
// - admin only (ADMIN_USERS): a signed-in non-admin gets 403 whatever the key's scopes, an admin gets through
//   (and, where the rule names one, a static operator token does too);
// - secret-gated, no sign-in: the secret the caller presents decides (a session does not stand in for it);
// - session only (account security): every API key gets 403 whatever its scopes; the route acts on the caller's
//   own account and ends its sessions.
// A route without an entry below fails the suite, so a new route cannot ship without its access rule. Refused
// callers change nothing of the owner's (a dump of the owner's rows before and after), and no answer to anybody
// carries a server secret, a credential's secret, a webhook secret, a share token or an API key. Forged session
// tokens (alg none, wrong key, tampered payload, expired, wrong issuer or audience) get 401 on every route that
// needs a sign-in.
import { env, exports } from "cloudflare:workers";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../worker/app";
import { BLOCK, createGraph, execute, graphJson, newUser, uid } from "./engine-helpers";
import { adminSession, api, createApiKey, signUp, TEST_PASSWORD } from "./helpers/auth";
import { indexed, slugOf, submit } from "./helpers/store";

type Scope = "read" | "write" | "execute";
type Req = { path: string; json?: unknown; form?: FormData; headers?: Record<string, string> };
type Fixture = Awaited<ReturnType<typeof makeFixture>>;
/** The caller will succeed (`fresh`), so a destructive route gets a resource of its own. */
type Build = (f: Fixture, fresh: boolean) => Req | Promise<Req>;
/** No sign-in needed. */
type Public = { public: (f: Fixture) => Req };
/**
 * `owned`: the request names the owner's resource, so another user gets 404. `own`: it acts on the caller's own
 * data. `earned`: it needs something the owner did and another user did not (rating a store agent needs a run of
 * it), so another user gets 403.
 */
type Protected = { scope: Scope; tenancy: "owned" | "own" | "earned"; request: Build };
/**
 * Admins only (`ADMIN_USERS`), behind `scope` for their keys. `orBearer`: a static token that lets a caller in
 * without a user as `Authorization: Bearer <it>` (a wrong one is 401).
 */
type AdminOnly = { admin: Scope; request: Build; orBearer?: () => string };
/** No sign-in: the secret presented decides. `refused`: the answer without it (`none`) or with a wrong one. */
type Presented = "right" | "wrong" | "none";
type SecretGated = {
  secret: {
    request: (f: Fixture, presented: Presented) => Req;
    refused: Partial<Record<Exclude<Presented, "right">, number>>;
  };
};
/** Signed-in sessions only (an API key gets 403 whatever its scopes); acts on the caller's account, ending its sessions. */
type SessionOnly = { sessionOnly: (f: Fixture) => Req };
type Entry = Public | Protected | AdminOnly | SecretGated | SessionOnly;

const API = "/api/v1";
const CRON = "*/5 * * * *";
const CREDENTIAL_SECRET = `sk-matrix-${crypto.randomUUID()}`;
const WEBHOOK_TRIGGER = "8fa8c167-2002-47ce-aba8-97572fc5d387";
/** A 1×1 PNG, for a store listing's image. */
const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
/** Well-formed and unknown: a share token and a webhook secret nobody was given. */
const WRONG_SHARE_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const WRONG_WEBHOOK_SECRET = `whsec_${"0".repeat(64)}`;

/** One API key per scope, and one per scope left out. */
async function scopedKeys(token: string) {
  return {
    read: await createApiKey(token, ["read"]),
    write: await createApiKey(token, ["write"]),
    execute: await createApiKey(token, ["execute"]),
    notRead: await createApiKey(token, ["write", "execute"]),
    notWrite: await createApiKey(token, ["read", "execute"]),
    notExecute: await createApiKey(token, ["read", "write"]),
  };
}

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
  // An MCP server's key, for the tool picker's listing (the fake MCP server refuses it and echoes it back).
  const mcpCredential = async () => {
    const res = await api("/credentials", {
      token,
      json: { provider: "mcp", type: "api_key", title: "matrix mcp", api_key: CREDENTIAL_SECRET },
    });
    if (res.status !== 201) throw new Error(`mcp credential: ${res.status} ${await res.text()}`);
    const { id, provider, type, title } = (await res.json()) as {
      id: string;
      provider: string;
      type: string;
      title: string;
    };
    return { id, provider, type, title };
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
  const keys = { ...(await scopedKeys(token)), all: await createApiKey(token, ["read", "write", "execute"]) };
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

  // Read-only links to runs: the run must be in the run index first.
  const newIndexedRun = async () => {
    const id = await newRun();
    await indexed(id);
    return id;
  };
  const shareOf = async (executionId: string) => {
    const res = await api(`/executions/${executionId}/share`, { token, method: "POST" });
    if (res.status !== 201) throw new Error(`share: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  const newSharedRun = async () => {
    const id = await newIndexedRun();
    await shareOf(id);
    return id;
  };
  await indexed(runId);
  const shareToken = await shareOf(runId);

  // A webhook comes with every saved graph whose entry is the webhook trigger; its secret is shown when made.
  const newWebhook = async () => {
    const [trigger, body] = [uid("hook"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "matrix webhook",
        [
          { id: trigger, block_id: WEBHOOK_TRIGGER, input_default: {} },
          { id: body, block_id: BLOCK.output, input_default: { name: "body" } },
        ],
        [[trigger, "payload", body, "value"]],
      ),
    );
    const { items } = (await (await api(`/webhooks?graph_id=${graph.id}`, { token })).json()) as {
      items: { id: string }[];
    };
    if (!items[0]) throw new Error("the trigger graph has no webhook");
    return items[0].id;
  };
  const webhookId = await newWebhook();
  const rotated = await api(`/webhooks/${webhookId}/secret`, { token, method: "POST" });
  if (rotated.status !== 200) throw new Error(`webhook secret: ${rotated.status} ${await rotated.text()}`);
  const webhookSecret = ((await rotated.json()) as { secret: string }).secret;

  // Presets of the owner's graph.
  const newPreset = async () => {
    const res = await api("/library/presets", { token, json: { graph_id: graphId, name: "matrix", inputs: { x: 1 } } });
    if (res.status !== 201) throw new Error(`preset: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };

  // The store: an admin reviews; another user (the creator) publishes; the owner adds, runs and rates.
  const admin = await adminSession();
  const decide = async (submissionId: string, status: "APPROVED" | "REJECTED") => {
    const res = await api(`/store/submissions/${submissionId}/review`, { token: admin.token, json: { status } });
    if (res.status !== 200) throw new Error(`review: ${res.status} ${await res.text()}`);
  };
  const creator = await signUp();
  const publish = async (image?: string) => {
    const graph = await createGraph(creator.token, graphBody);
    const slug = slugOf("matrix");
    const sub = await submit(creator.token, { graph_id: graph.id, graph_version: 1, slug, name: "Matrix", image });
    await decide(sub.id, "APPROVED");
    return { graphId: graph.id, slug, listingId: sub.listing_id, imageUrl: sub.image_url ?? "" };
  };
  const addToLibrary = async (listingId: string) => {
    const res = await api("/library/agents", { token, json: { listing_id: listingId } });
    if (res.status !== 201) throw new Error(`library: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { graph_id: string }).graph_id;
  };
  const listing = await publish(PNG);
  const { username } = (await (await api("/store/profile", { token: creator.token })).json()) as {
    username: string;
  };
  const copyId = await addToLibrary(listing.listingId);
  const copyRun = ((await (await execute(token, copyId, { x: 1 }, 10)).json()) as { id: string }).id;
  await indexed(copyRun);
  // Removing a copy and adding the listing again makes a new copy.
  const removable = await publish();
  const newStoreCopy = () => addToLibrary(removable.listingId);
  /** A copy behind its listing: the creator's newer submission was approved after the owner added it. */
  const newOutdatedCopy = async () => {
    const listed = await publish();
    const copy = await addToLibrary(listed.listingId);
    const again = await submit(creator.token, {
      graph_id: listed.graphId,
      graph_version: 1,
      slug: listed.slug,
      name: "Matrix, again",
    });
    await decide(again.id, "APPROVED");
    return copy;
  };
  // The owner's own submissions, under review.
  const newSubmission = async () =>
    (await submit(token, { graph_id: await newGraph(), graph_version: 1, slug: slugOf("own"), name: "Own" })).id;

  const fixture = {
    email,
    token,
    userId,
    graphId,
    callbackGraphId,
    graphBody,
    exported,
    outputNode: output,
    runId,
    shareToken,
    review: await newReview(),
    credentialId: await newCredential(),
    mcpCredential: await mcpCredential(),
    fileId: await newFile(),
    scheduleId: await newSchedule(),
    keyId: await newKey(),
    presetId: await newPreset(),
    submissionId: await newSubmission(),
    webhook: { id: webhookId, secret: webhookSecret },
    listing: { ...listing, username },
    copyId,
    notificationId,
    keys,
    admin: { token: admin.token, keys: await scopedKeys(admin.token) },
    newGraph,
    newRun,
    newIndexedRun,
    newSharedRun,
    newReview,
    newCredential,
    newFile,
    newSchedule,
    newKey,
    newPreset,
    newWebhook,
    newStoreCopy,
    newOutdatedCopy,
    newSubmission,
  };
  return {
    ...fixture,
    /** What an answer to anybody else must not name. */
    ownerIds: [
      graphId,
      runId,
      userId,
      copyId,
      webhookId,
      fixture.credentialId,
      fixture.mcpCredential.id,
      fixture.scheduleId,
      fixture.fileId,
      fixture.keyId,
      fixture.presetId,
      fixture.submissionId,
    ],
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
  "POST /api/v1/credentials/:id/test": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/credentials/${f.credentialId}/test` }),
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

  "POST /api/v1/mcp/discover-tools": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({
      path: `${API}/mcp/discover-tools`,
      json: { server_url: `${env.FAKE_MCP_SERVER}/private/mcp`, credentials: f.mcpCredential },
    }),
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
  // A key with only `read` gets the URL with `signing_secret: null` (test/notifications.test.ts).
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
  // Rotates the caller's own callback signing secret; another user rotates theirs, the owner's generation stays.
  "POST /api/v1/callbacks/rotate-secret": {
    scope: "write",
    tenancy: "own",
    request: () => ({ path: `${API}/callbacks/rotate-secret` }),
  },

  "POST /api/v1/auth/password": {
    sessionOnly: () => ({
      path: `${API}/auth/password`,
      json: { current_password: TEST_PASSWORD, new_password: `pw-${crypto.randomUUID()}` },
    }),
  },
  "POST /api/v1/auth/logout-all": { sessionOnly: () => ({ path: `${API}/auth/logout-all` }) },

  "POST /api/v1/files/links": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/files/links`, json: { id: f.fileId } }),
  },

  "POST /api/v1/graphs/:id/nodes/:nodeId/run": {
    scope: "execute",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/graphs/${f.graphId}/nodes/${f.outputNode}/run`, json: { inputs: { value: 1 } } }),
  },

  // A new share replaces the run's link, so the owner shares runs of their own.
  "POST /api/v1/executions/:id/share": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/executions/${fresh ? await f.newIndexedRun() : f.runId}/share` }),
  },
  "DELETE /api/v1/executions/:id/share": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/executions/${fresh ? await f.newSharedRun() : f.runId}/share` }),
  },
  "GET /api/v1/public/shared/:token": {
    secret: {
      refused: { wrong: 404 },
      request: (f, presented) => ({
        path: `${API}/public/shared/${presented === "right" ? f.shareToken : WRONG_SHARE_TOKEN}`,
      }),
    },
  },

  "GET /api/v1/webhooks": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/webhooks` }) },
  "GET /api/v1/webhooks/:id/deliveries": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/webhooks/${f.webhook.id}/deliveries` }),
  },
  "PATCH /api/v1/webhooks/:id": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/webhooks/${f.webhook.id}`, json: { preset_id: null } }),
  },
  // A new secret ends the old one, so the owner rotates webhooks of their own.
  "POST /api/v1/webhooks/:id/secret": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/webhooks/${fresh ? await f.newWebhook() : f.webhook.id}/secret` }),
  },
  "POST /api/v1/webhooks/:id/ingress": {
    secret: {
      refused: { none: 401, wrong: 401 },
      request: (f, presented) => ({
        path: `${API}/webhooks/${f.webhook.id}/ingress`,
        json: { order: 42 },
        headers: {
          ...(presented !== "none" && {
            Authorization: `Bearer ${presented === "right" ? f.webhook.secret : WRONG_WEBHOOK_SECRET}`,
          }),
        },
      }),
    },
  },

  "GET /api/v1/analytics/overview": {
    scope: "read",
    tenancy: "own",
    request: () => ({ path: `${API}/analytics/overview` }),
  },
  "GET /api/v1/analytics/graphs/:id": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/analytics/graphs/${f.graphId}` }),
  },
  "GET /api/v1/admin/analytics": { admin: "read", request: () => ({ path: `${API}/admin/analytics` }) },
  // Every row is already under the configured key here: the admin's call re-encrypts nothing.
  "POST /api/v1/admin/credentials/rotate": {
    admin: "write",
    request: () => ({ path: `${API}/admin/credentials/rotate`, json: { limit: 5 } }),
  },
  "GET /api/v1/metrics": {
    admin: "read",
    orBearer: () => env.METRICS_TOKEN ?? "",
    request: () => ({ path: `${API}/metrics` }),
  },

  "GET /api/v1/store/agents": { public: () => ({ path: `${API}/store/agents` }) },
  "GET /api/v1/store/agents/:username/:slug": {
    public: (f) => ({ path: `${API}/store/agents/${f.listing.username}/${f.listing.slug}` }),
  },
  "GET /api/v1/store/agents/:username/:slug/graph.svg": {
    public: (f) => ({ path: `${API}/store/agents/${f.listing.username}/${f.listing.slug}/graph.svg` }),
  },
  "GET /api/v1/store/creators/:username": {
    public: (f) => ({ path: `${API}/store/creators/${f.listing.username}` }),
  },
  "GET /api/v1/store/images/:key": { public: (f) => ({ path: f.listing.imageUrl }) },
  // Only a user who ran the agent (a library copy of it) may rate it.
  "POST /api/v1/store/agents/:username/:slug/reviews": {
    scope: "write",
    tenancy: "earned",
    request: (f) => ({
      path: `${API}/store/agents/${f.listing.username}/${f.listing.slug}/reviews`,
      json: { score: 4, comments: "ran it" },
    }),
  },
  "GET /api/v1/store/profile": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/store/profile` }) },
  "PUT /api/v1/store/profile": {
    scope: "write",
    tenancy: "own",
    request: () => ({ path: `${API}/store/profile`, json: { username: slugOf("m"), name: "Matrix" } }),
  },
  "GET /api/v1/store/submissions": {
    scope: "read",
    tenancy: "own",
    request: () => ({ path: `${API}/store/submissions` }),
  },
  // One submission under review per listing: the owner submits graphs of their own.
  "POST /api/v1/store/submissions": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({
      path: `${API}/store/submissions`,
      json: { graph_id: fresh ? await f.newGraph() : f.graphId, graph_version: 1, slug: slugOf("m"), name: "Matrix" },
    }),
  },
  "GET /api/v1/store/submissions/:id": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/store/submissions/${f.submissionId}` }),
  },
  "PATCH /api/v1/store/submissions/:id": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/store/submissions/${f.submissionId}`, json: { description: "edited" } }),
  },
  "DELETE /api/v1/store/submissions/:id": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({
      path: `${API}/store/submissions/${fresh ? await f.newSubmission() : f.submissionId}`,
    }),
  },
  "POST /api/v1/store/submissions/:id/review": {
    admin: "write",
    request: async (f, fresh) => ({
      path: `${API}/store/submissions/${fresh ? await f.newSubmission() : f.submissionId}/review`,
      json: { status: "REJECTED", comment: "matrix" },
    }),
  },
  "GET /api/v1/store/admin/submissions": {
    admin: "read",
    request: () => ({ path: `${API}/store/admin/submissions` }),
  },

  "GET /api/v1/library/agents": { scope: "read", tenancy: "own", request: () => ({ path: `${API}/library/agents` }) },
  // Adds a store agent (anybody's listing) to the caller's own library.
  "POST /api/v1/library/agents": {
    scope: "write",
    tenancy: "own",
    request: (f) => ({ path: `${API}/library/agents`, json: { listing_id: f.listing.listingId } }),
  },
  "GET /api/v1/library/agents/:graph_id": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/library/agents/${f.copyId}` }),
  },
  "PATCH /api/v1/library/agents/:graph_id": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/library/agents/${f.copyId}`, json: { is_favorite: true } }),
  },
  "DELETE /api/v1/library/agents/:graph_id": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/library/agents/${fresh ? await f.newStoreCopy() : f.copyId}` }),
  },
  // Succeeds only for a copy behind its listing.
  "POST /api/v1/library/agents/:graph_id/update": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({
      path: `${API}/library/agents/${fresh ? await f.newOutdatedCopy() : f.copyId}/update`,
    }),
  },
  "POST /api/v1/library/agents/:graph_id/fork": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/library/agents/${f.copyId}/fork` }),
  },
  "GET /api/v1/library/presets": {
    scope: "read",
    tenancy: "own",
    request: () => ({ path: `${API}/library/presets` }),
  },
  // The body names the owner's graph.
  "POST /api/v1/library/presets": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/library/presets`, json: { graph_id: f.graphId, name: "m", inputs: { x: 3 } } }),
  },
  "GET /api/v1/library/presets/:id": {
    scope: "read",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/library/presets/${f.presetId}` }),
  },
  "PATCH /api/v1/library/presets/:id": {
    scope: "write",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/library/presets/${f.presetId}`, json: { name: "renamed" } }),
  },
  "DELETE /api/v1/library/presets/:id": {
    scope: "write",
    tenancy: "owned",
    request: async (f, fresh) => ({ path: `${API}/library/presets/${fresh ? await f.newPreset() : f.presetId}` }),
  },
  "POST /api/v1/library/presets/:id/execute": {
    scope: "execute",
    tenancy: "owned",
    request: (f) => ({ path: `${API}/library/presets/${f.presetId}/execute`, json: { inputs: { x: 2 } } }),
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
    "SELECT id, email, password_hash, session_generation, callback_secret_generation FROM users WHERE id = ?1",
    "SELECT id, version, is_active, name, body FROM graphs WHERE owner_id = ?1 ORDER BY id, version",
    "SELECT id, name, revoked_at FROM api_keys WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, status FROM executions WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, title FROM credentials WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, name, cron, enabled FROM schedules WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, read_at FROM notifications WHERE owner_id = ?1 ORDER BY id",
    "SELECT graph_id, url FROM graph_callbacks WHERE owner_id = ?1 ORDER BY graph_id",
    "SELECT execution_id, token_hash FROM shared_executions WHERE owner_id = ?1 ORDER BY execution_id",
    "SELECT id, secret_hash FROM webhooks WHERE owner_id = ?1 ORDER BY id",
    "SELECT id, graph_version, name, description, inputs, credentials FROM library_presets WHERE owner_id = ?1 ORDER BY id",
    "SELECT graph_id, listing_id, submission_id, graph_version, is_favorite FROM library_agents WHERE owner_id = ?1 ORDER BY graph_id",
    "SELECT username, name, bio, links FROM store_profiles WHERE user_id = ?1",
    "SELECT id, status, name, sub_heading, description, categories, image_key, review_comment FROM store_submissions WHERE owner_id = ?1 ORDER BY id",
    "SELECT listing_id, score, comments FROM store_reviews WHERE user_id = ?1 ORDER BY listing_id",
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
  // Another user with a store profile of their own (reading yours is 404 until you have one).
  const profile = await api("/store/profile", {
    token: other.token,
    method: "PUT",
    json: { username: slugOf("other") },
  });
  if (profile.status !== 200) throw new Error(`profile: ${profile.status} ${await profile.text()}`);
}, 120_000);

/**
 * One call and what it must answer: a status (with our error shape), `granted` (under 400) or `own` (granted,
 * and naming nothing of the owner's). `afterwards` checks what the call did to the caller.
 */
type Check = {
  who: string;
  caller: Caller | (() => Promise<Caller>);
  expected: number | "granted" | "own";
  request: () => Req | Promise<Req>;
  afterwards?: (caller: Caller) => Promise<void>;
};

/** What a rule's kind promises: outsiders (refused, or acting on their own data) change nothing of the owner's. */
function checksFor(entry: Entry): { outsiders: Check[]; insiders: Check[] } {
  if ("public" in entry) {
    return {
      outsiders: [],
      insiders: [{ who: "anonymous", caller: {}, expected: "granted", request: () => entry.public(f) }],
    };
  }
  if ("secret" in entry) {
    const { refused, request } = entry.secret;
    const sessions: [string, Caller][] = [
      ["anonymous", {}],
      ["another user's session", { token: other.token }],
      ["the owner's session", { token: f.token }],
    ];
    const outsiders = Object.entries(refused).flatMap(([presented, status]) =>
      sessions.map(([who, caller]) => ({
        who: `${who}, secret ${presented}`,
        caller,
        expected: status,
        request: () => request(f, presented as Presented),
      })),
    );
    return {
      outsiders,
      insiders: [
        { who: "anonymous with the secret", caller: {}, expected: "granted", request: () => request(f, "right") },
      ],
    };
  }
  if ("sessionOnly" in entry) {
    const request = () => entry.sessionOnly(f);
    const keys = Object.entries(f.keys).map(([name, key]) => ({
      who: `the owner's ${name} key`,
      caller: { apiKey: key.key },
      expected: 403,
      request,
    }));
    // Success ends the caller's sessions, so it is shown by a user of their own (and leaves the owner's alone).
    const itself = {
      who: "another user's session, on their own account",
      caller: async () => ({ token: (await signUp()).token }),
      expected: "own" as const,
      request,
      afterwards: async (caller: Caller) =>
        expect((await api("/auth/me", { token: caller.token })).status, "the caller's sessions ended").toBe(401),
    };
    return { outsiders: [{ who: "anonymous", caller: {}, expected: 401, request }, ...keys, itself], insiders: [] };
  }
  const outsider = (who: string, caller: Caller, expected: Check["expected"]): Check => ({
    who,
    caller,
    expected,
    request: () => entry.request(f, false),
  });
  const insider = (who: string, caller: Caller): Check => ({
    who,
    caller,
    expected: "granted",
    request: () => entry.request(f, true),
  });
  if ("admin" in entry) {
    const bearer = entry.orBearer;
    return {
      outsiders: [
        outsider("anonymous", {}, 401),
        outsider("an admin's key without the scope", { apiKey: f.admin.keys[missingScope[entry.admin]].key }, 403),
        outsider("a non-admin's session", { token: f.token }, 403),
        outsider("a non-admin's key with the scope", { apiKey: f.keys[entry.admin].key }, 403),
        outsider("another non-admin's session", { token: other.token }, 403),
        ...(bearer ? [outsider("a wrong bearer token", { token: "not-the-operator-token" }, 401)] : []),
      ],
      insiders: [
        insider("an admin's session", { token: f.admin.token }),
        insider("an admin's key with the scope", { apiKey: f.admin.keys[entry.admin].key }),
        ...(bearer ? [insider("the operator's bearer token", { token: bearer() })] : []),
      ],
    };
  }
  const another = { owned: 404, own: "own" as const, earned: 403 }[entry.tenancy];
  return {
    outsiders: [
      outsider("anonymous", {}, 401),
      outsider("key without the scope", { apiKey: f.keys[missingScope[entry.scope]].key }, 403),
      outsider("another user", { token: other.token }, another),
    ],
    insiders: [
      insider("owner", { token: f.token }),
      insider("key with the scope", { apiKey: f.keys[entry.scope].key }),
    ],
  };
}

async function run(method: string, check: Check): Promise<void> {
  const caller = typeof check.caller === "function" ? await check.caller() : check.caller;
  const answer = await call(method, await check.request(), caller);
  answers.push(answer.text);
  const { who, expected } = check;
  if (typeof expected === "number") {
    expect(answer.status, `${who}: ${answer.text}`).toBe(expected);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  } else {
    expect(answer.status, `${who}: ${answer.text}`).toBeLessThan(400);
    if (expected === "own") {
      for (const id of f.ownerIds) expect(answer.text, `${who} sees the owner's ${id}`).not.toContain(id);
    }
  }
  await check.afterwards?.(caller);
}

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
    const { outsiders, insiders } = checksFor(matrix[key] as Entry);
    const before = await ownerDump(f.userId);
    for (const check of outsiders) await run(method, check);
    expect(await ownerDump(f.userId), "a refused caller changed the owner's data").toBe(before);
    for (const check of insiders) await run(method, check);
  });
});

/** The request of a rule that needs a sign-in (undefined for public and secret-gated routes). */
function signedInRequest(entry: Entry): ((f: Fixture) => Req | Promise<Req>) | undefined {
  if ("sessionOnly" in entry) return entry.sessionOnly;
  if ("scope" in entry || "admin" in entry) return (fixture) => entry.request(fixture, false);
  return undefined;
}

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
      const request = signedInRequest(matrix[key] as Entry);
      if (!request) continue;
      const [method = ""] = key.split(" ");
      const answer = await call(method, await request(f), { token });
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
  it("no answer above carried a server secret, a credential's, webhook's or share link's secret, a password or a key", () => {
    const all = answers.join("\n");
    expect(answers.length).toBeGreaterThan(200);
    const secrets = [env.JWT_SECRET, env.CREDENTIALS_KEY, env.METRICS_TOKEN, CREDENTIAL_SECRET, TEST_PASSWORD];
    for (const secret of [...secrets, f.webhook.secret, f.shareToken]) expect(all).not.toContain(secret);
    for (const key of [...Object.values(f.keys), ...Object.values(f.admin.keys)]) expect(all).not.toContain(key.key);
  });
});
