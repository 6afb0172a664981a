// The local store's seed (scripts/store-seed.mjs, run by npm start for the demo user) through the real Worker:
// every listed example imports, is submitted and approved, and a new user finds them signed out, can add one
// and run it.
import { describe, expect, it } from "vitest";
import plan from "../scripts/store-seed.json";
import { seedStore } from "../scripts/store-seed.mjs";
import { runToEnd } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";
import { adminApi } from "./helpers/store";

const templates = import.meta.glob<{ default: unknown }>("../web/src/lib/templates/**/*.json", { eager: true });

describe("store seed", () => {
  it("publishes the examples as the demo user would, once; a new user sees, adds and runs one", async () => {
    const demo = await signUp();
    const call = async (path: string, init: { token?: string; method?: string; json?: unknown } = {}) => {
      const res = await adminApi(demo.user.id, path, init);
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    const load = (file: string) => {
      const found = templates[`../web/src/lib/templates/${file}`];
      if (!found) throw new Error(`no template ${file}`);
      return found.default;
    };
    const first = await seedStore(call, demo.token, plan, load);
    expect(first).toEqual({ published: plan.listings.length, approved: plan.listings.length, skipped: false });
    expect((await seedStore(call, demo.token, plan, load)).skipped).toBe(true);

    const profile = (await (await api("/store/profile", { token: demo.token })).json()) as { username: string };
    const creator = (await (await api(`/store/creators/${profile.username}`)).json()) as { agents: { slug: string }[] };
    expect(creator.agents.map((a) => a.slug).sort()).toEqual(plan.listings.map((l) => l.slug).sort());
    const found = (await (await api("/store/agents?search=calculator")).json()) as { items: { slug: string }[] };
    expect(found.items.map((a) => a.slug)).toContain("calculator");

    const user = await signUp();
    const added = await api("/library/agents", {
      token: user.token,
      json: { username: profile.username, slug: "greeter" },
    });
    expect(added.status).toBe(201);
    const { graph_id } = (await added.json()) as { graph_id: string };
    const run = await runToEnd(user.token, graph_id, { name: "Store" });
    expect(run.status).toBe("COMPLETED");
    expect(JSON.stringify(run.outputs)).toContain("Hello Store, welcome aboard!");
  });
});
