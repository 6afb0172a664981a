// A listing frozen before an export rule existed (here: secret-named fields nested in an input_default value or
// inside its text) still holds what the rule strips. Every read of a frozen graph exports it again, so such a
// listing serves nothing of it: not on the public detail, not to its submitter's view, not in a library copy.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, graphJson, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";
import { adminApi, approve, slugOf, submit } from "./helpers/store";

type FrozenNode = { id: string; input_default: Record<string, unknown> };
type Frozen = { nodes: FrozenNode[]; input_schema: { properties: Record<string, Record<string, unknown>> } };

describe("store: listings frozen under older export rules", () => {
  it("serve no secret the rules of today strip (public detail, submission view, library copy)", async () => {
    const creator = await signUp();
    const admin = await signUp();
    const user = await signUp();
    const old = `sk-old-${crypto.randomUUID()}`;
    const [cfg, url, web, output] = [uid("cfg"), uid("url"), uid("web"), uid("out")];
    const graph = await createGraph(
      creator.token,
      graphJson(
        "frozen secrets",
        [
          { id: cfg, block_id: BLOCK.input, input_default: { name: "cfg", value: { mode: "fast" } } },
          { id: url, block_id: BLOCK.input, input_default: { name: "url" } },
          {
            id: web,
            block_id: "6595ae1f-b924-42cb-9a41-551a0611c4b4",
            input_default: { method: "GET", headers: { Accept: "application/json" } },
          },
          { id: output, block_id: BLOCK.output, input_default: { name: "out" } },
        ],
        [
          [url, "result", web, "url"],
          [web, "response", output, "value"],
        ],
      ),
    );
    const slug = slugOf("frozen");
    const sub = await submit(creator.token, { graph_id: graph.id, graph_version: 1, slug, name: "Frozen secrets" });

    // What a submission stored before nested fields were stripped: the secrets in the node defaults and, for an
    // input's value, as that input's schema default.
    const row = await env.DB.prepare("SELECT snapshot FROM store_submissions WHERE id = ?")
      .bind(sub.id)
      .first<{ snapshot: string }>();
    const frozen = JSON.parse(row?.snapshot ?? "{}") as Frozen;
    const node = (id: string) => frozen.nodes.find((n) => n.id === id) as FrozenNode;
    node(web).input_default.headers = { Accept: "application/json", Authorization: `Bearer ${old}` };
    // And in text: a JSON body and a header line, from before secrets inside text were masked.
    node(web).input_default.body = `{"api_key":"${old}-body","q":1}`;
    node(url).input_default.value = `X-API-Key: ${old}-line`;
    node(cfg).input_default.value = { mode: "fast", api_key: old };
    frozen.input_schema.properties.cfg = {
      ...frozen.input_schema.properties.cfg,
      default: { mode: "fast", api_key: old },
    };
    await env.DB.prepare("UPDATE store_submissions SET snapshot = ? WHERE id = ?")
      .bind(JSON.stringify(frozen), sub.id)
      .run();
    await approve(admin.user.id, admin.token, sub.id);

    const card = await api(`/store/agents?search=${encodeURIComponent("Frozen secrets")}`);
    const username = ((await card.json()) as { items: { slug: string; creator: { username: string } }[] }).items.find(
      (c) => c.slug === slug,
    )?.creator.username;
    const detail = await api(`/store/agents/${username}/${slug}`);
    expect(detail.status).toBe(200);
    const detailText = await detail.text();
    expect(detailText).toContain("fast");
    expect(detailText).not.toContain(old);

    const viewed = await adminApi(admin.user.id, `/store/submissions/${sub.id}`, { token: admin.token });
    expect(viewed.status).toBe(200);
    const viewedText = await viewed.text();
    expect(viewedText).toContain("application/json");
    expect(viewedText).not.toContain(old);

    const added = await api("/library/agents", { token: user.token, json: { username, slug } });
    expect(added.status).toBe(201);
    const copyId = ((await added.json()) as { graph_id: string }).graph_id;
    const copied = await (await api(`/graphs/${copyId}`, { token: user.token })).text();
    expect(copied).toContain("application/json");
    expect(copied).not.toContain(old);
  });
});
