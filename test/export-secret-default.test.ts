// Export rules: a secret input's value must not reach the export at all — not as the node's input_default and
// not as that input's `default` in the computed input_schema (the schema used to be built from unstripped nodes).
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, graphJson, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";

const SECRET = "sk-live-export-must-not-leak-7";

describe("graph export", () => {
  it("never carries a secret input's value, in the nodes or in the input schema", async () => {
    const user = await signUp();
    const [input, secret, output] = [uid("in"), uid("secret"), uid("out")];
    const graph = await createGraph(
      user.token,
      graphJson(
        "secret default",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
          { id: secret, block_id: BLOCK.input, input_default: { name: "api_key", secret: true, value: SECRET } },
          { id: output, block_id: BLOCK.output, input_default: { name: "echo" } },
        ],
        [[input, "result", output, "value"]],
      ),
    );
    const res = await api(`/graphs/${graph.id}/export?version=1`, { token: user.token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("api_key");
    expect(text).not.toContain(SECRET);
  });
});

describe("graph export: secret-named fields inside an input_default value", () => {
  // A SendWebRequest node's headers map is the usual home of a bearer token: the export (and so a store
  // listing, which is public) must not carry it, as it does not carry a top-level `api_key` default.
  it("strips secret-named fields at any depth (headers maps, nested objects, arrays)", async () => {
    const user = await signUp();
    const [input, web, output] = [uid("in"), uid("web"), uid("out")];
    const nested = `sk-nested-export-${crypto.randomUUID()}`;
    const graph = await createGraph(
      user.token,
      graphJson(
        "nested secret default",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "url" } },
          {
            id: web,
            block_id: "6595ae1f-b924-42cb-9a41-551a0611c4b4",
            input_default: {
              method: "POST",
              headers: { Accept: "application/json", Authorization: `Bearer ${nested}`, "X-API-Key": nested },
              body: { query: "q", auth: { password: nested }, list: [{ token: nested }] },
            },
          },
          { id: output, block_id: BLOCK.output, input_default: { name: "out" } },
        ],
        [
          [input, "result", web, "url"],
          [web, "response", output, "value"],
        ],
      ),
    );
    const res = await api(`/graphs/${graph.id}/export?version=1`, { token: user.token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(nested);
    const exported = JSON.parse(text) as { nodes: { id: string; input_default: Record<string, unknown> }[] };
    const node = exported.nodes.find((n) => n.id === web);
    // What is not secret stays, so the imported graph still works once its secrets are filled in again.
    expect(node?.input_default).toEqual({
      method: "POST",
      headers: { Accept: "application/json" },
      body: { query: "q", auth: {}, list: [{}] },
    });
  });
});

describe("graph export: a sub-agent's secret input given on the AgentExecutor node", () => {
  it("does not carry the value the parent sets for the sub-graph's secret input", async () => {
    const user = await signUp();
    const [childIn, childOut] = [uid("cin"), uid("cout")];
    const childDefault = `sub-agent-default-${crypto.randomUUID()}`;
    const child = await createGraph(
      user.token,
      graphJson(
        "child with secret",
        [
          {
            id: childIn,
            block_id: BLOCK.input,
            input_default: { name: "passphrase", secret: true, value: childDefault },
          },
          { id: childOut, block_id: BLOCK.output, input_default: { name: "answer" } },
        ],
        [[childIn, "result", childOut, "value"]],
      ),
    );
    const childSchema = (await (await api(`/graphs/${child.id}`, { token: user.token })).json()) as {
      input_schema: Record<string, unknown>;
      output_schema: Record<string, unknown>;
    };
    const secret = `sub-agent-secret-${crypto.randomUUID()}`;
    const agent = uid("agent");
    const parent = await createGraph(
      user.token,
      graphJson(
        "parent",
        [
          {
            id: agent,
            block_id: BLOCK.agent,
            input_default: {
              graph_id: child.id,
              graph_version: child.version,
              inputs: { passphrase: secret },
              input_schema: childSchema.input_schema,
              output_schema: childSchema.output_schema,
            },
          },
        ],
        [],
      ),
    );
    const res = await api(`/graphs/${parent.id}/export?version=1`, { token: user.token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(secret);
    // Nor the sub-graph's own secret default, which the node's copy of its input schema may hold.
    expect(text).not.toContain(childDefault);
    const node = (JSON.parse(text) as { nodes: { id: string; input_default: Record<string, unknown> }[] }).nodes.find(
      (n) => n.id === agent,
    );
    // The schema still says the input is there and secret: the importer fills it in again.
    expect(node?.input_default.input_schema).toMatchObject({ properties: { passphrase: { secret: true } } });
    expect(node?.input_default.inputs).toEqual({});
  });
});

describe("graph export: secrets inside text values", () => {
  // A body given as JSON text, or headers written out as text (a curl line, a header block), hold the same
  // secrets as their object forms: the export keeps the text and its other parts, not the secret values.
  it("strips secret-named fields from JSON text and masks header and assignment lines", async () => {
    const user = await signUp();
    const [input, web, output] = [uid("in"), uid("web"), uid("out")];
    const [inBody, bearer, apiKey, form] = ["body", "bearer", "key", "form"].map(
      (k) => `sk-${k}-${crypto.randomUUID()}`,
    );
    const request = `Authorization: Bearer ${bearer}\ncurl -H "X-API-Key: ${apiKey}" -d "password=${form}&q=1"`;
    const graph = await createGraph(
      user.token,
      graphJson(
        "secrets in text",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "request", value: request } },
          {
            id: web,
            block_id: "6595ae1f-b924-42cb-9a41-551a0611c4b4",
            input_default: { method: "POST", body: `{"api_key":"${inBody}","q":1}` },
          },
          { id: output, block_id: BLOCK.output, input_default: { name: "out" } },
        ],
        [
          [input, "result", web, "url"],
          [web, "response", output, "value"],
        ],
      ),
    );
    const res = await api(`/graphs/${graph.id}/export?version=1`, { token: user.token });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of [inBody, bearer, apiKey, form]) expect(text).not.toContain(secret);
    const nodes = (JSON.parse(text) as { nodes: { id: string; input_default: Record<string, unknown> }[] }).nodes;
    expect(nodes.find((n) => n.id === web)?.input_default.body).toBe('{"q":1}');
    expect(nodes.find((n) => n.id === input)?.input_default.value).toBe(
      'Authorization: Bearer [redacted]\ncurl -H "X-API-Key: [redacted]" -d "password=[redacted]&q=1"',
    );
  });
});
