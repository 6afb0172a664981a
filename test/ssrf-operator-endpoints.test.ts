// The operator's configured endpoints (OPENAI_BASE_URL, JINA_*_URL, ...; here the fake model server on loopback)
// are exempt from the SSRF guard only for the requests blocks build from them. A URL a user steers (a
// SendWebRequest url, an openai_compatible credential's base_url, a path escaping the endpoint's prefix) gets the
// guard's refusal even when it names the operator's private origin; OUTBOUND_ALLOW_HOSTS still admits its hosts.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createGraph, graphJson, newUser, type RunBody, runToEnd, uid } from "./engine-helpers";
import { api } from "./helpers/auth";
import { addKey } from "./helpers/credentials";

const SEND_WEB_REQUEST = "6595ae1f-b924-42cb-9a41-551a0611c4b4";
const SEARCH_THE_WEB = "87840993-2053-44b7-8da4-187ad4ee518c";
const AI_TEXT = "1f292d4a-41a4-4977-9684-7c8d560b9f91";
const LOOPBACK_REFUSED = /Blocked request to http:\/\/127\.0\.0\.1:\d+: loopback address 127\.0\.0\.1 is not allowed/;

/** Runs one node with `input` to its end; its execution. */
async function runOne(token: string, blockId: string, input: Record<string, unknown>) {
  const id = uid("node");
  const graph = await createGraph(token, graphJson("probe", [{ id, block_id: blockId, input_default: input }], []));
  const run: RunBody = await runToEnd(token, graph.id);
  return run.node_executions.find((e) => e.node_id === id);
}

describe("operator endpoints: exempt only for the requests built from them", () => {
  it("a SendWebRequest to the operator's model origin is refused like any loopback URL", async () => {
    const { token } = await newUser();
    const exec = await runOne(token, SEND_WEB_REQUEST, { url: `${env.FAKE_MODEL_SERVER}/stats`, method: "GET" });
    expect(exec?.status).toBe("FAILED");
    expect(exec?.error).toMatch(LOOPBACK_REFUSED);
  });

  it("a user's openai_compatible base_url on the operator's origin is refused at use and in the key test", async () => {
    const { token } = await newUser();
    const res = await api("/credentials", {
      token,
      json: {
        provider: "openai_compatible",
        type: "api_key",
        title: "mine",
        api_key: "sk-good-local",
        base_url: `${env.FAKE_MODEL_SERVER}/v1`,
      },
    });
    expect(res.status).toBe(201);
    const c = (await res.json()) as { id: string; provider: string; type: string; title: string };
    const cred = { id: c.id, provider: c.provider, type: c.type, title: c.title };
    // A model name of the user's own server (not in the model list), as openai_compatible takes.
    const exec = await runOne(token, AI_TEXT, { prompt: "hi", model: "my-local-model", credentials: cred, retry: 1 });
    expect(exec?.status).toBe("FAILED");
    expect(exec?.error).toMatch(LOOPBACK_REFUSED);
    const tested = (await (await api(`/credentials/${c.id}/test`, { token, method: "POST" })).json()) as {
      ok: boolean;
      message?: string;
    };
    expect(tested.ok).toBe(false);
    expect(tested.message).toMatch(LOOPBACK_REFUSED);
  });

  it("the operator's Jina endpoint answers, but a query cannot walk out of its path", async () => {
    const { token } = await newUser();
    const jina = await addKey(token, "jina", "jina-key");
    const ok = await runOne(token, SEARCH_THE_WEB, { credentials: jina, query: "agents" });
    expect(ok?.status).toBe("COMPLETED");
    // `quote` keeps `/`: "../../stats" under JINA_SEARCH_URL (/jina/search/) normalises to the server's /stats.
    const escaped = await runOne(token, SEARCH_THE_WEB, { credentials: jina, query: "../../stats" });
    expect(escaped?.status).toBe("FAILED");
    expect(escaped?.error).toMatch(LOOPBACK_REFUSED);
  });

  it("the operator's own model endpoint still answers a model call", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-good");
    const exec = await runOne(token, AI_TEXT, { prompt: "still here", model: "gpt-4o-mini", credentials: cred });
    expect(exec?.status).toBe("COMPLETED");
  });

  it("a SendWebRequest to a host on OUTBOUND_ALLOW_HOSTS is still admitted", async () => {
    const { token } = await newUser();
    const box = uid("allow");
    const exec = await runOne(token, SEND_WEB_REQUEST, { url: `${env.FAKE_RECEIVER}/r/${box}`, method: "GET" });
    expect(exec?.status).toBe("COMPLETED");
  });
});
