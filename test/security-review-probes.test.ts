// Security review probes of the 2026-12-06 changes (callback secret rotation, Idempotency-Key per graph, rerun of
// deleted graphs, shared-run redaction, the upload quota re-check): an attacker's or careless client's requests.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, execute, getRun, graphJson, newUser, type RunBody, uid } from "./engine-helpers";
import { api, createApiKey, signUp } from "./helpers/auth";
import { uploadFile } from "./helpers/files";
import { indexed as inIndex } from "./helpers/store";

function echoGraph(name = "echo") {
  const [input, out] = [uid("in"), uid("out")];
  return graphJson(
    name,
    [
      { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
      { id: out, block_id: BLOCK.output, input_default: { name: "echo" } },
    ],
    [[input, "result", out, "value"]],
  );
}

/** The public page of a run shared by its owner, as text. */
async function sharedView(token: string, id: string): Promise<string> {
  const shared = await api(`/executions/${id}/share`, { token, method: "POST" });
  expect(shared.status, await shared.clone().text()).toBe(201);
  const { token: link } = (await shared.json()) as { token: string };
  const view = await api(`/public/shared/${link}`);
  expect(view.status).toBe(200);
  return view.text();
}

async function indexed(token: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await api(`/executions/${id}`, { token });
    const run = res.status === 200 ? ((await res.json()) as RunBody) : undefined;
    if (run && ["COMPLETED", "FAILED", "TERMINATED"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 25));
  }
  const last = await api(`/executions/${id}`, { token });
  throw new Error(`run did not finish: ${last.status} ${(await last.text()).slice(0, 600)}`);
}

describe("callback signing secret", () => {
  it("read-only and execute-only keys neither see nor rotate it; another user's graph is 404", async () => {
    const { token } = await signUp();
    const other = await signUp();
    const graph = await createGraph(token, echoGraph());
    const read = await createApiKey(token, ["read"]);
    const exec = await createApiKey(token, ["execute"]);
    const seen = await api(`/graphs/${graph.id}/callback`, { apiKey: read.key });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { signing_secret: unknown }).signing_secret).toBeNull();
    expect((await api(`/graphs/${graph.id}/callback`, { apiKey: exec.key })).status).toBe(403);
    expect((await api("/callbacks/rotate-secret", { apiKey: read.key, method: "POST" })).status).toBe(403);
    expect((await api("/callbacks/rotate-secret", { apiKey: exec.key, method: "POST" })).status).toBe(403);
    expect((await api(`/graphs/${graph.id}/callback`, { token: other.token })).status).toBe(404);
    const put = await api(`/graphs/${graph.id}/callback`, {
      token: other.token,
      method: "PUT",
      json: { url: "https://example.com/cb" },
    });
    expect(put.status).toBe(404);
  });

  it("concurrent rotations: each answers a different secret, and the one in force is the last of them", async () => {
    const { token } = await signUp();
    const graph = await createGraph(token, echoGraph());
    const before = ((await (await api(`/graphs/${graph.id}/callback`, { token })).json()) as { signing_secret: string })
      .signing_secret;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => api("/callbacks/rotate-secret", { token, method: "POST" })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
    const secrets = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { signing_secret: string }).signing_secret),
    );
    expect(new Set(secrets).size).toBe(6);
    expect(secrets).not.toContain(before);
    const now = ((await (await api(`/graphs/${graph.id}/callback`, { token })).json()) as { signing_secret: string })
      .signing_secret;
    expect(secrets).toContain(now);
    const row = await env.DB.prepare(
      "SELECT callback_secret_generation AS g FROM users WHERE id = (SELECT owner_id FROM graphs WHERE id = ?)",
    )
      .bind(graph.id)
      .first<{ g: number }>();
    expect(row?.g).toBe(6);
  });
});

describe("Idempotency-Key", () => {
  it("the same key sent at once, many times, starts one run; another user's same key and graph id is 404", async () => {
    const { token } = await signUp();
    const other = await signUp();
    const graph = await createGraph(token, echoGraph());
    const key = { "Idempotency-Key": `k-${crypto.randomUUID()}` };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => execute(token, graph.id, { text: "x" }, undefined, key)),
    );
    const ids = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { execution_id: string }).execution_id),
    );
    expect(ids.every((i) => typeof i === "string" && i.length > 0)).toBe(true);
    expect(answers.every((r) => r.status === 202 || r.status === 200)).toBe(true);
    expect(new Set(ids).size).toBe(1);
    expect((await execute(other.token, graph.id, { text: "x" }, undefined, key)).status).toBe(404);
  });
});

describe("rerun", () => {
  it("a deleted graph's run, and another user's run, answer 404 (not 500)", async () => {
    const { token } = await signUp();
    const other = await signUp();
    const graph = await createGraph(token, echoGraph());
    const res = await execute(token, graph.id, { text: "x" }, 30);
    const run = (await res.json()) as RunBody;
    await indexed(token, run.id);
    const node = (await getRun(token, run.id)).node_executions[0]?.node_id;
    const steal = await api(`/executions/${run.id}/rerun`, { token: other.token, json: { from_node_id: node } });
    expect(steal.status).toBe(404);
    expect((await api(`/graphs/${graph.id}`, { token, method: "DELETE" })).status).toBe(204);
    const again = await api(`/executions/${run.id}/rerun`, { token, json: { from_node_id: node } });
    expect(again.status).toBe(404);
  });
});

describe("shared runs: what else a secret input can reach", () => {
  it("a secret input's value that a node put in its error does not show on the public link", async () => {
    const { token } = await signUp();
    const [input, fail] = [uid("secret"), uid("fail")];
    const graph = await createGraph(
      token,
      graphJson(
        "leaks in error",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "passphrase", secret: true } },
          { id: fail, block_id: BLOCK.fail, input_default: {} },
        ],
        [[input, "result", fail, "message"]],
      ),
    );
    const secret = `sk-secret-in-error-${crypto.randomUUID()}`;
    const res = await execute(token, graph.id, { passphrase: secret });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    await indexed(token, id);
    await inIndex(id);
    expect(await sharedView(token, id)).not.toContain(secret);
  });

  it("a headers list of name/value pairs keeps its Authorization value off the public link", async () => {
    const { token } = await signUp();
    const [input, out] = [uid("cfg"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "pairs",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "request" } },
          { id: out, block_id: BLOCK.output, input_default: { name: "o" } },
        ],
        [],
      ),
    );
    const secret = `Bearer sk-pairs-${crypto.randomUUID()}`;
    const res = await execute(token, graph.id, {
      request: { headers: [{ name: "Authorization", value: secret }], pairs: [["Authorization", secret]] },
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    await indexed(token, id);
    await inIndex(id);
    const text = await sharedView(token, id);
    expect(text).toContain("Authorization");
    expect(text).not.toContain(secret);
  });
});

describe("upload quota re-check", () => {
  it("uploads at once that fit one by one but not all together: what stays fits, and a lone retry is judged on it", async () => {
    const { token, userId } = await newUser();
    const quota = Number(env.FILES_QUOTA_BYTES);
    const MiB = 1024 * 1024;
    const prefix = `runs/${userId}/uploads/`;
    await env.FILES.put(`${prefix}${crypto.randomUUID()}/filler.bin`, new Uint8Array(quota - 4 * MiB));
    const answers = await Promise.all(
      Array.from({ length: 3 }, (_, i) => uploadFile(token, new Uint8Array(1.5 * MiB), `p${i}.bin`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 413)).toBe(true);
    // Racers may all be refused (each takes itself back when it sees the others): never over the quota, and the
    // client's retry, alone, is judged on what stayed.
    const used = async () => (await env.FILES.list({ prefix })).objects.reduce((sum, o) => sum + o.size, 0);
    const stayed = await used();
    expect(stayed).toBeLessThanOrEqual(quota);
    const retry = await uploadFile(token, new Uint8Array(1.5 * MiB), "retry.bin");
    expect(retry.status).toBe(stayed + 1.5 * MiB <= quota ? 201 : 413);
    expect(await used()).toBeLessThanOrEqual(quota);
  });
});

describe("shared runs of a deleted graph", () => {
  it("a secret input stays redacted after its graph is deleted", async () => {
    const { token } = await signUp();
    const [input, note, out] = [uid("pass"), uid("note"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "secret then deleted",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "passphrase", secret: true } },
          { id: note, block_id: BLOCK.input, input_default: { name: "note" } },
          { id: out, block_id: BLOCK.output, input_default: { name: "o" } },
        ],
        [],
      ),
    );
    const secret = `open-sesame-${crypto.randomUUID()}`;
    const res = await execute(token, graph.id, { passphrase: secret, note: "shown" });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    await indexed(token, id);
    await inIndex(id);
    const shared = await api(`/executions/${id}/share`, { token, method: "POST" });
    expect(shared.status).toBe(201);
    const { token: link } = (await shared.json()) as { token: string };
    expect(await (await api(`/public/shared/${link}`)).text()).not.toContain(secret);
    expect((await api(`/graphs/${graph.id}`, { token, method: "DELETE" })).status).toBe(204);
    const after = await api(`/public/shared/${link}`);
    expect(after.status).toBe(200);
    // Told apart with the run's own copy of the graph: the other input still shows.
    expect(((await after.json()) as { inputs: unknown }).inputs).toEqual({ passphrase: "[redacted]", note: "shown" });
  });
});

describe("credentials inside URLs", () => {
  it("a URL's password and api_key are off the public link (input and the output echoing it); the host shows", async () => {
    const { token } = await signUp();
    const graph = await createGraph(token, echoGraph("url creds"));
    const [password, key] = [`p4ss-${crypto.randomUUID()}`, `sk-${crypto.randomUUID()}`];
    const res = await execute(token, graph.id, {
      text: `connect https://user:${password}@db.example.com/x?api_key=${key}&x=1 now`,
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    const run = await indexed(token, id);
    expect(JSON.stringify(run)).toContain(key);
    await inIndex(id);
    const text = await sharedView(token, id);
    expect(text).toContain("db.example.com/x?api_key=");
    expect(text).not.toContain(password);
    expect(text).not.toContain(key);
  });

  it("an export masks them in input defaults and keeps the URL", async () => {
    const { token } = await signUp();
    const [input, out] = [uid("in"), uid("out")];
    const key = `sk-${crypto.randomUUID()}`;
    const graph = await createGraph(
      token,
      graphJson(
        "url default",
        [
          {
            id: input,
            block_id: BLOCK.input,
            input_default: { name: "endpoint", value: `https://api.example.com/v1?token=${key}` },
          },
          { id: out, block_id: BLOCK.output, input_default: { name: "o" } },
        ],
        [[input, "result", out, "value"]],
      ),
    );
    const res = await api(`/graphs/${graph.id}/export?version=1`, { token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("https://api.example.com/v1?token=");
    expect(text).not.toContain(key);
  });
});

describe("secrets inside text", () => {
  it("JSON text and header lines keep their secrets off the public link (inputs, an output, a node's error)", async () => {
    const { token } = await signUp();
    const [body, headers, out, fail] = [uid("body"), uid("headers"), uid("out"), uid("fail")];
    const [usage, usageOut] = [uid("usage"), uid("usage-out")];
    const graph = await createGraph(
      token,
      graphJson(
        "secrets in text",
        [
          { id: body, block_id: BLOCK.input, input_default: { name: "body" } },
          { id: headers, block_id: BLOCK.input, input_default: { name: "headers" } },
          { id: out, block_id: BLOCK.output, input_default: { name: "echo" } },
          { id: fail, block_id: BLOCK.fail, input_default: {} },
          { id: usage, block_id: BLOCK.input, input_default: { name: "usage" } },
          { id: usageOut, block_id: BLOCK.output, input_default: { name: "usage_echo" } },
        ],
        [
          [body, "result", out, "value"],
          [usage, "result", usageOut, "value"],
          [headers, "result", fail, "message"],
        ],
      ),
    );
    const [key, bearer, form] = ["key", "bearer", "form"].map((k) => `sk-${k}-${crypto.randomUUID()}`);
    const res = await execute(token, graph.id, {
      body: `{"api_key":"${key}","q":1}`,
      headers: `Authorization: Bearer ${bearer}\nAccept: application/json\n\napi_key=${form}&page=2`,
      usage: '{"total_tokens":12}',
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    const run = await indexed(token, id);
    expect(JSON.stringify(run)).toContain(bearer);
    await inIndex(id);
    const text = await sharedView(token, id);
    for (const secret of [key, bearer, form]) expect(text).not.toContain(secret);
    const view = JSON.parse(text) as {
      inputs: Record<string, string>;
      outputs: Record<string, unknown[]>;
      timeline: { error: string | null }[];
    };
    // An output's fields are not hidden by their name (a count of tokens is no secret), in JSON text either.
    expect(view.outputs.usage_echo).toEqual(['{"total_tokens":12}']);
    expect(view.inputs.body).toBe('{"api_key":"[redacted]","q":1}');
    expect(view.inputs.headers).toContain("Authorization: Bearer [redacted]\nAccept: application/json");
    expect(view.timeline.map((e) => e.error).join("\n")).toContain("page=2");
  });
});
