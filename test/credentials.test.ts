// The credentials vault as a client sees it (create, list, read, change, delete; encrypted at rest; owner
// isolation; key rotation) and credentials in runs: the graph's credentials_input_schema, execute with
// credentials_inputs or a node's own input_default, 400s naming what is missing or refused, resolution for
// the run's owner only, and the secret nowhere in what a run records, answers, exports or logs.
import { env } from "cloudflare:workers";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { blockCatalog } from "../blocks/catalog";
import { keyring, open } from "../durable-objects/vault-cipher";
import { credentialsInputSchema } from "../graph/credentials-inputs";
import { rotateCredentials } from "../worker/credentials/rotate";
import { sha256Hex as sha256 } from "../worker/sha256";
import { CREDENTIAL_PROBE_ID, MODEL_PROBE_ID } from "./blocks/credential-probes";
import { createGraph as createAnyGraph, getRun, graphJson, newUser, uid } from "./engine-helpers";
import { api } from "./helpers/auth";

type ErrorJson = { error: { code: string; message: string; details: { path: string; message: string }[] } };

const PROBE = CREDENTIAL_PROBE_ID;
const MODEL_PROBE = MODEL_PROBE_ID;

/** Graphs with the test-only probe blocks are stored straight in D1 (the product's catalog does not have them). */
const createGraph = (token: string, graph: ReturnType<typeof graphJson>) =>
  createAnyGraph(token, graph, crypto.randomUUID());

async function addCredential(token: string, body: Record<string, unknown>) {
  const res = await api("/credentials", { token, json: body });
  if (res.status !== 201) throw new Error(`add credential failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; provider: string; type: string; title: string; created_at: string };
}

type StoredRow = { owner_id: string; key_id: string; iv: string; ciphertext: string; title: string };
const row = (id: string) => env.DB.prepare("SELECT * FROM credentials WHERE id = ?").bind(id).first<StoredRow>();

describe("credentials vault API", () => {
  it("stores an api key encrypted (AES-GCM, own IV, key id) and never answers with it", async () => {
    const { token, userId } = await newUser();
    const secret = `sk-test-${crypto.randomUUID()}`;
    const res = await api("/credentials", {
      token,
      json: { provider: "openai", type: "api_key", title: "My OpenAI", api_key: secret },
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(secret);
    const created = JSON.parse(text);
    expect(Object.keys(created).sort()).toEqual(["created_at", "id", "provider", "title", "type"]);
    expect(created).toMatchObject({ provider: "openai", type: "api_key", title: "My OpenAI" });

    const stored = (await row(created.id)) as StoredRow;
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(stored)).not.toContain(btoa(secret).slice(0, 12));
    expect(stored.owner_id).toBe(userId);
    expect(stored.key_id).toMatch(/^k_[0-9a-f]{16}$/);
    expect(atob(stored.iv)).toHaveLength(12);
    // It really is the secret under the configured key, bound to this record and owner.
    const ring = await keyring(env.CREDENTIALS_KEY);
    const sealed = { keyId: stored.key_id, iv: stored.iv, ciphertext: stored.ciphertext };
    expect(await open(ring, created.id, userId, sealed)).toEqual({ api_key: secret });
    await expect(open(ring, created.id, "someone-else", sealed)).rejects.toThrow();

    // Two records of the same secret share neither IV nor ciphertext.
    const again = await addCredential(token, { provider: "openai", type: "api_key", api_key: secret });
    const other = (await row(again.id)) as StoredRow;
    expect(other.iv).not.toBe(stored.iv);
    expect(other.ciphertext).not.toBe(stored.ciphertext);

    for (const path of ["/credentials", `/credentials/${created.id}`]) {
      const read = await api(path, { token });
      expect(read.status).toBe(200);
      expect(await read.text()).not.toContain(secret);
    }
    const list = (await (await api("/credentials", { token })).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toEqual([again.id, created.id]);
  });

  it("takes every provider and type the model, search and web blocks use", async () => {
    const { token } = await newUser();
    for (const provider of ["openai", "anthropic", "jina"]) {
      expect(await addCredential(token, { provider, type: "api_key", title: provider, api_key: "k-1" })).toMatchObject({
        provider,
        type: "api_key",
        title: provider,
      });
    }
    const ollama = await addCredential(token, {
      provider: "ollama",
      type: "api_key",
      base_url: "http://10.1.2.3:11434",
    });
    const compat = await addCredential(token, {
      provider: "openai_compatible",
      type: "api_key",
      title: "vLLM",
      api_key: "k",
      base_url: "https://llm.example.com/v1",
    });
    const login = await addCredential(token, {
      provider: "smtp",
      type: "user_password",
      username: "u",
      password: "pw-1",
    });
    const headers = await addCredential(token, {
      type: "host_scoped",
      title: "Example API",
      host: "api.example.com",
      headers: { Authorization: "Bearer host-secret" },
    });
    expect(headers).toMatchObject({ provider: "http", type: "host_scoped", title: "Example API" });
    const info = (await (await api(`/credentials/${headers.id}`, { token })).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ host: "api.example.com", header_names: ["Authorization"] });
    expect(JSON.stringify(info)).not.toContain("host-secret");
    expect(await (await api(`/credentials/${ollama.id}`, { token })).json()).toMatchObject({
      base_url: "http://10.1.2.3:11434",
    });
    expect(compat.title).toBe("vLLM");
    expect(login.type).toBe("user_password");
    const jinaOnly = (await (await api("/credentials?provider=jina", { token })).json()) as { items: unknown[] };
    expect(jinaOnly.items).toHaveLength(1);
  });

  it("answers 400 with field paths before storing anything", async () => {
    const { token, userId } = await newUser();
    const cases: [Record<string, unknown>, string][] = [
      [{ provider: "openai", type: "api_key" }, "api_key"],
      [{ provider: "nope", type: "api_key", api_key: "k" }, "provider"],
      [{ provider: "openai", type: "bearer", api_key: "k" }, "type"],
      [{ provider: "openai_compatible", type: "api_key", api_key: "k" }, "base_url"],
      [{ provider: "ollama", type: "api_key", base_url: "file:///etc/passwd" }, "base_url"],
      [{ provider: "smtp", type: "user_password", username: "u" }, "password"],
      [{ type: "host_scoped", host: "https://x.com/path", headers: { A: "b" } }, "host"],
      [{ type: "host_scoped", host: "x.com", headers: {} }, "headers"],
      [{ type: "host_scoped", host: "x.com", headers: { "Bad Header": "v" } }, "headers"],
    ];
    for (const [body, path] of cases) {
      const res = await api("/credentials", { token, json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as ErrorJson;
      expect(
        err.error.details.map((d) => d.path).some((p) => p.startsWith(path)),
        JSON.stringify(err),
      ).toBe(true);
    }
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM credentials WHERE owner_id = ?")
      .bind(userId)
      .first<{ n: number }>();
    expect(count?.n).toBe(0);
  });

  it("renames and replaces a secret (re-encrypted), refuses fields of another type, deletes", async () => {
    const { token, userId } = await newUser();
    const created = await addCredential(token, { provider: "anthropic", type: "api_key", api_key: "old-secret" });
    const before = (await row(created.id)) as StoredRow;
    const res = await api(`/credentials/${created.id}`, {
      token,
      method: "PATCH",
      json: { title: "Renamed", api_key: "new-secret" },
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain("new-secret");
    expect(JSON.parse(body)).toMatchObject({ title: "Renamed", provider: "anthropic", updated_at: expect.any(String) });
    const after = (await row(created.id)) as StoredRow;
    expect(after.iv).not.toBe(before.iv);
    const ring = await keyring(env.CREDENTIALS_KEY);
    expect(
      await open(ring, created.id, userId, { keyId: after.key_id, iv: after.iv, ciphertext: after.ciphertext }),
    ).toEqual({
      api_key: "new-secret",
    });

    const wrong = await api(`/credentials/${created.id}`, { token, method: "PATCH", json: { password: "x" } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as ErrorJson).error.details[0]?.path).toBe("password");

    expect((await api(`/credentials/${created.id}`, { token, method: "DELETE" })).status).toBe(204);
    expect((await api(`/credentials/${created.id}`, { token })).status).toBe(404);
    expect(await row(created.id)).toBeNull();
  });

  it("treats another user's credential exactly like an unknown one", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const mine = await addCredential(alice.token, { provider: "openai", type: "api_key", api_key: "alice-key" });
    const unknown = crypto.randomUUID();
    for (const id of [mine.id, unknown]) {
      for (const [method, json] of [
        ["GET", undefined],
        ["PATCH", { title: "x" }],
        ["DELETE", undefined],
      ] as const) {
        const res = await api(`/credentials/${id}`, { token: bob.token, method, json });
        expect(res.status, `${method} ${id === unknown ? "unknown" : "alice's"}`).toBe(404);
        expect(((await res.json()) as ErrorJson).error.message).toBe("Credential not found");
      }
    }
    const list = (await (await api("/credentials", { token: bob.token })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
    expect(await row(mine.id)).toMatchObject({ title: "openai api key" });
    expect((await api("/credentials", { json: { provider: "openai", type: "api_key", api_key: "k" } })).status).toBe(
      401,
    );
  });
});

describe("key rotation", () => {
  const OLD = env.CREDENTIALS_KEY as string;
  const NEW = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 200 - i)));

  it("re-encrypts every record under the new key; the old key is then no longer needed", async () => {
    const { token, userId } = await newUser();
    const a = await addCredential(token, { provider: "openai", type: "api_key", api_key: "rotate-a" });
    const b = await addCredential(token, {
      provider: "smtp",
      type: "user_password",
      username: "u",
      password: "rotate-b",
    });
    const oldRing = await keyring(OLD);
    const newRing = await keyring(NEW, OLD);
    expect(newRing.current.id).not.toBe(oldRing.current.id);

    // Other suites' records are rotated too; what matters is that none is left and ours decrypt under NEW alone.
    const report = await rotateCredentials(env.DB, newRing, 3);
    expect(report.failed).toEqual([]);
    expect(report.remaining).toBe(0);
    expect(report.rotated).toBeGreaterThanOrEqual(2);
    const onlyNew = await keyring(NEW);
    for (const [id, secret] of [
      [a.id, { api_key: "rotate-a" }],
      [b.id, { username: "u", password: "rotate-b" }],
    ] as const) {
      const r = (await row(id)) as StoredRow;
      expect(r.key_id).toBe(onlyNew.current.id);
      expect(await open(onlyNew, id, userId, { keyId: r.key_id, iv: r.iv, ciphertext: r.ciphertext })).toEqual(secret);
    }
    expect((await rotateCredentials(env.DB, newRing)).rotated).toBe(0);

    // Back to the configured key, so the rest of the suite (whose Worker uses OLD) can read every record.
    const back = await rotateCredentials(env.DB, await keyring(OLD, NEW));
    expect(back).toMatchObject({ failed: [], remaining: 0 });
  });

  it("reports a record whose key is in neither CREDENTIALS_KEY nor CREDENTIALS_KEY_PREVIOUS instead of losing it", async () => {
    const { token } = await newUser();
    const a = await addCredential(token, { provider: "jina", type: "api_key", api_key: "orphan" });
    const before = (await row(a.id)) as StoredRow;
    const report = await rotateCredentials(env.DB, await keyring(NEW));
    expect(report.failed.map((f) => f.id)).toContain(a.id);
    expect(report.failed[0]?.error).toMatch(/neither CREDENTIALS_KEY nor in CREDENTIALS_KEY_PREVIOUS/);
    expect(await row(a.id)).toEqual(before);
  });
});

describe("credentials in runs", () => {
  let logs: string[] = [];
  beforeAll(() => {
    // The suite runs silent; the run's object shares this env, so its block logger writes while we listen.
    (env as { LOG_LEVEL: string }).LOG_LEVEL = "info";
    const spy = vi.spyOn(console, "log");
    spy.mockImplementation((...args: unknown[]) => {
      logs.push(args.map(String).join(" "));
    });
  });
  afterEach(() => {
    logs = [];
  });
  afterAll(() => {
    (env as { LOG_LEVEL: string }).LOG_LEVEL = "silent";
    vi.restoreAllMocks();
  });

  const probeGraph = (nodeId: string, input_default: Record<string, unknown> = {}) =>
    graphJson("Probe", [{ id: nodeId, block_id: PROBE, input_default }], []);

  it("lists what a run needs as credentials_input_schema, in AutoGPT's shape", async () => {
    const graph = graphJson(
      "Needs",
      [
        { id: uid("p1"), block_id: PROBE },
        { id: uid("p2"), block_id: PROBE },
        { id: uid("m"), block_id: MODEL_PROBE, input_default: { model: "claude-sonnet-4-5-20250929" } },
        { id: uid("m2"), block_id: MODEL_PROBE, metadata: { credentials_optional: true } },
      ],
      [],
    );
    const schema = credentialsInputSchema(graph, blockCatalog) as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(Object.keys(schema.properties).sort()).toEqual([
      "anthropic_api_key_credentials",
      "openai_api_key_credentials",
    ]);
    expect(schema.required.sort()).toEqual(["anthropic_api_key_credentials", "openai_api_key_credentials"]);
    expect(schema.properties.anthropic_api_key_credentials).toMatchObject({
      credentials_provider: ["anthropic"],
      credentials_types: ["api_key"],
      discriminator: "model",
      discriminator_values: ["claude-sonnet-4-5-20250929"],
      properties: { provider: { const: "anthropic" } },
      type: "object",
      required: expect.arrayContaining(["id", "provider", "type"]),
    });
    // The optional node defaults to gpt-4o → openai, merged with the two required probes.
    expect(schema.properties.openai_api_key_credentials).toMatchObject({ credentials_provider: ["openai"] });
  });

  it("runs with credentials_inputs: the block gets the owner's secret, the run shows only {id, provider, type, title}", async () => {
    const { token } = await newUser();
    const secret = `sk-run-${crypto.randomUUID()}`;
    const cred = await addCredential(token, { provider: "openai", type: "api_key", title: "Run key", api_key: secret });
    const nodeId = uid("probe");
    const g = await createGraph(token, probeGraph(nodeId));
    const meta = { id: cred.id, provider: "openai", type: "api_key", title: "Run key" };
    const res = await api(`/graphs/${g.id}/execute?wait=30`, {
      token,
      json: { inputs: {}, credentials_inputs: { openai_api_key_credentials: meta } },
    });
    const answer = await res.text();
    expect(res.status, answer).toBe(200);
    const run = await getRun(token, (JSON.parse(answer) as { id: string }).id);
    expect(run.status).toBe("COMPLETED");
    const node = run.node_executions[0];
    expect(node?.input.credentials).toEqual(meta);
    expect(node?.output.digest).toEqual([await sha256(secret)]);
    expect(node?.output.title).toEqual(["Run key"]);
    expect(logs.join("\n")).toContain("probe resolved");

    const exported = await api(`/graphs/${g.id}/export`, { token });
    const seen = [answer, JSON.stringify(run), await exported.text(), logs.join("\n")];
    const ws = await api(`/executions/${run.id}`, { token });
    seen.push(await ws.text());
    for (const text of seen) expect(text).not.toContain(secret);
  });

  it("uses the node's own input_default credentials when the run names none", async () => {
    const { token } = await newUser();
    const cred = await addCredential(token, { provider: "openai", type: "api_key", api_key: "own-default" });
    const g = await createGraph(
      token,
      probeGraph(uid("probe"), { credentials: { id: cred.id, provider: "openai", type: "api_key" } }),
    );
    const res = await api(`/graphs/${g.id}/execute?wait=30`, { token, json: { inputs: {} } });
    expect(res.status).toBe(200);
    const run = (await res.json()) as { id: string; status: string };
    expect(run.status).toBe("COMPLETED");
    const full = await getRun(token, run.id);
    expect(full.node_executions[0]?.output.digest).toEqual([await sha256("own-default")]);
    // The title comes from the vault, not from whatever the graph carried.
    expect(full.node_executions[0]?.input.credentials).toMatchObject({ id: cred.id, title: "openai api key" });
  });

  it("refuses a run without its credentials: 400 naming each field, nothing started", async () => {
    const { token } = await newUser();
    const g = await createGraph(
      token,
      graphJson(
        "Missing",
        [
          { id: uid("p"), block_id: PROBE },
          { id: uid("m"), block_id: MODEL_PROBE, input_default: { model: "claude-sonnet-4-5-20250929" } },
        ],
        [],
      ),
    );
    const res = await api(`/graphs/${g.id}/execute`, { token, json: { inputs: {} } });
    expect(res.status).toBe(400);
    const err = (await res.json()) as ErrorJson;
    expect(err.error.details.map((d) => d.path).sort()).toEqual([
      "credentials_inputs.anthropic_api_key_credentials",
      "credentials_inputs.openai_api_key_credentials",
    ]);
    expect(err.error.details[0]?.message).toMatch(/Credentials required/);
    const runs = (await (await api(`/graphs/${g.id}/executions`, { token })).json()) as { items: unknown[] };
    expect(runs.items).toEqual([]);
  });

  it("refuses another user's credential like an unknown one, a wrong provider, and a malformed or unknown field", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const alices = await addCredential(alice.token, { provider: "openai", type: "api_key", api_key: "alice-only" });
    const bobsJina = await addCredential(bob.token, { provider: "jina", type: "api_key", api_key: "j" });
    const g = await createGraph(bob.token, probeGraph(uid("probe")));
    const attempt = async (credentials_inputs: Record<string, unknown>) => {
      const res = await api(`/graphs/${g.id}/execute`, { token: bob.token, json: { inputs: {}, credentials_inputs } });
      expect(res.status).toBe(400);
      return ((await res.json()) as ErrorJson).error.details;
    };
    const theirs = await attempt({
      openai_api_key_credentials: { id: alices.id, provider: "openai", type: "api_key" },
    });
    const unknownId = crypto.randomUUID();
    const unknown = await attempt({
      openai_api_key_credentials: { id: unknownId, provider: "openai", type: "api_key" },
    });
    expect(theirs).toEqual([
      { path: "credentials_inputs.openai_api_key_credentials", message: `Unknown credentials ${alices.id}` },
    ]);
    expect(unknown).toEqual([
      { path: "credentials_inputs.openai_api_key_credentials", message: `Unknown credentials ${unknownId}` },
    ]);
    const wrongProvider = await attempt({ openai_api_key_credentials: { id: bobsJina.id } });
    expect(wrongProvider[0]?.message).toMatch(/are for jina; this input takes openai/);
    const extra = await attempt({
      openai_api_key_credentials: { id: bobsJina.id },
      nope_credentials: { id: "x" },
    });
    expect(extra.map((d) => d.path)).toContain("credentials_inputs.nope_credentials");
    const malformed = await api(`/graphs/${g.id}/execute`, {
      token: bob.token,
      json: { inputs: {}, credentials_inputs: { openai_api_key_credentials: { provider: "openai" } } },
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error.details[0]?.path).toBe(
      "credentials_inputs.openai_api_key_credentials.id",
    );

    // A graph that names alice's credential in its own input_default cannot borrow it either.
    const borrowed = await createGraph(bob.token, probeGraph(uid("probe"), { credentials: { id: alices.id } }));
    const res = await api(`/graphs/${borrowed.id}/execute`, { token: bob.token, json: { inputs: {} } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.details[0]?.message).toBe(`Unknown credentials ${alices.id}`);
  });
});
