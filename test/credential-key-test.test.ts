// "Test this key" (`POST /api/v1/credentials/:id/test`) against the fake providers (test/fakes/model-server.mjs,
// real HTTP on 127.0.0.1, where OPENAI_BASE_URL, ANTHROPIC_BASE_URL and OLLAMA_HOST point): a good key is ok, a
// rejected one says so with the provider's status and never the secret, user-steered base URLs meet the SSRF guard
// as a run's model calls do, providers without a test answer 422, and only the owner may test.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newUser } from "./engine-helpers";
import { api, createApiKey } from "./helpers/auth";

type Result = { ok: boolean; provider: string; status?: number; message?: string };

async function add(token: string, body: Record<string, unknown>): Promise<string> {
  const res = await api("/credentials", { token, json: { type: "api_key", title: "key", ...body } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function testKey(token: string, id: string): Promise<{ status: number; body: Result }> {
  const res = await api(`/credentials/${id}/test`, { token, method: "POST" });
  return { status: res.status, body: (await res.json()) as Result };
}

describe("testing a credential against its provider", () => {
  it("accepts a good OpenAI key and reports a rejected one with the provider's status, without the secret", async () => {
    const { token } = await newUser();
    const good = await testKey(token, await add(token, { provider: "openai", api_key: "sk-good-123456" }));
    expect(good).toEqual({ status: 200, body: { ok: true, provider: "openai", status: 200 } });

    const bad = await testKey(token, await add(token, { provider: "openai", api_key: "sk-bad" }));
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.status).toBe(401);
    expect(bad.body.message).toMatch(/^openai rejected the API key \(401\): Incorrect API key provided/);
    // The fake echoes the key in its error, as OpenAI does: it is cut out.
    expect(bad.body.message).not.toContain("sk-bad");
    expect(bad.body.message).toContain("[redacted]");
  });

  it("tests an Anthropic key on its model list", async () => {
    const { token } = await newUser();
    const good = await testKey(token, await add(token, { provider: "anthropic", api_key: "sk-ant-good" }));
    expect(good.body).toEqual({ ok: true, provider: "anthropic", status: 200 });
    const bad = await testKey(token, await add(token, { provider: "anthropic", api_key: "sk-bad" }));
    expect(bad.body).toMatchObject({ ok: false, status: 401 });
    expect(bad.body.message).toBe("anthropic rejected the API key (401): invalid x-api-key");
  });

  it("tests the operator's Ollama directly, but a user's own base URL only through the SSRF guard", async () => {
    const { token } = await newUser();
    // The default host and the operator's own address both mean OLLAMA_HOST (a loopback server here).
    const operator = await testKey(token, await add(token, { provider: "ollama", api_key: "ollama-key" }));
    expect(operator.body).toEqual({ ok: true, provider: "ollama", status: 200 });
    const same = await add(token, { provider: "ollama", api_key: "ollama-key", base_url: env.FAKE_MODEL_SERVER });
    expect((await testKey(token, same)).body.ok).toBe(true);

    // A user's host on a private address is refused before anything is sent, as a run's model call would be.
    const elsewhere = await add(token, {
      provider: "ollama",
      api_key: "ollama-key",
      base_url: "http://10.1.2.3:11434",
    });
    const refused = await testKey(token, elsewhere);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.message).toMatch(/^Blocked request to http:\/\/10\.1\.2\.3:11434: private address/);
  });

  it("sends an openai_compatible key only to a base URL the SSRF guard allows (by address and by name)", async () => {
    const { token } = await newUser();
    const port = new URL(env.FAKE_MODEL_SERVER).port;
    // A loopback literal a user typed: refused before anything is sent.
    const literal = await add(token, {
      provider: "openai_compatible",
      api_key: "sk-good-local",
      base_url: "http://127.0.0.1:1/v1",
    });
    const byAddress = await testKey(token, literal);
    expect(byAddress.body.ok).toBe(false);
    expect(byAddress.body.message).toBe(
      "Blocked request to http://127.0.0.1:1: loopback address 127.0.0.1 is not allowed",
    );

    // The operator's own origin (OLLAMA_HOST here) is no exemption for a URL the user typed, as in a run.
    const operator = await add(token, {
      provider: "openai_compatible",
      api_key: "sk-good-local",
      base_url: `${env.FAKE_MODEL_SERVER}/v1`,
    });
    expect((await testKey(token, operator)).body).toEqual({
      ok: false,
      provider: "openai_compatible",
      message: `Blocked request to ${env.FAKE_MODEL_SERVER}: loopback address 127.0.0.1 is not allowed`,
    });

    // The fake server under a name of this machine: it would answer ok if reached; the guard resolves the name.
    const named = await add(token, {
      provider: "openai_compatible",
      api_key: "sk-good-local",
      base_url: `http://${env.TEST_LOOPBACK_NAME}:${port}/v1`,
    });
    const byName = await testKey(token, named);
    expect(byName.body.ok).toBe(false);
    expect(byName.body.message).toMatch(/^Blocked request to /);
  });

  it("answers 422 for credentials that have no test", async () => {
    const { token } = await newUser();
    const jina = await testKey(token, await add(token, { provider: "jina", api_key: "jina-key" }));
    expect(jina.status).toBe(422);
    expect((jina.body as unknown as { error: { code: string; message: string } }).error).toMatchObject({
      code: "not_testable",
      message: expect.stringContaining("Jina"),
    });
    const res = await api("/credentials", {
      token,
      json: { type: "host_scoped", host: "api.example.com", headers: { Authorization: "Bearer x" } },
    });
    const hostScoped = await testKey(token, ((await res.json()) as { id: string }).id);
    expect(hostScoped.status).toBe(422);
  });

  it("lets only the owner test (another user's id is a 404 like an unknown one) and needs the write scope", async () => {
    const owner = await newUser();
    const other = await newUser();
    const id = await add(owner.token, { provider: "openai", api_key: "sk-good-owner" });
    expect((await testKey(other.token, id)).status).toBe(404);
    expect((await testKey(owner.token, crypto.randomUUID())).status).toBe(404);
    expect((await api(`/credentials/${id}/test`, { method: "POST" })).status).toBe(401);
    const readOnly = await createApiKey(owner.token, ["read"]);
    expect((await api(`/credentials/${id}/test`, { apiKey: readOnly.key, method: "POST" })).status).toBe(403);
    const writer = await createApiKey(owner.token, ["write"]);
    const res = await api(`/credentials/${id}/test`, { apiKey: writer.key, method: "POST" });
    expect(await res.json()).toEqual({ ok: true, provider: "openai", status: 200 });
  });
});
