// The store end to end in workerd (real D1 with FTS5, R2, Durable Objects): publish → admin review → public
// listing → another user adds it to their library, runs it, rates it; search by description words; withdrawn
// listings vanish; images are checked by their bytes.
import { describe, expect, it } from "vitest";
import { runToEnd } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";
import { adminApi, approve, echoAgent, indexed, SECRET_VALUE, slugOf, submit } from "./helpers/store";

// A 1×1 PNG.
const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

type Card = {
  listing_id: string;
  slug: string;
  name: string;
  runs: number;
  rating: number | null;
  rating_count: number;
  creator: { username: string };
};
type Detail = Card & {
  description: string;
  version: number;
  input_schema: { properties: Record<string, unknown> };
  graph_image_url: string;
  reviews: { score: number; comments: string }[];
};
type LibraryAgent = {
  graph_id: string;
  graph_version: number;
  source: string;
  is_favorite: boolean;
  listing: { version: number; latest_version: number | null; update_available: boolean } | null;
};

const searchStore = async (query: string, token?: string) => {
  const res = await api(`/store/agents?${query}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { items: Card[] }).items;
};

describe("store", () => {
  it("publish → review → public listing → another user adds, runs, rates; a new version updates the copy", async () => {
    const creator = await signUp();
    const admin = await signUp();
    const user = await signUp();
    const word = `shoe${crypto.randomUUID().slice(0, 6)}`;
    const graph = await echoAgent(creator.token, "Runner helper", `Private notes ${word}`);
    // A later private version must not show in the store.
    const v2 = await api(`/graphs/${graph.id}`, {
      token: creator.token,
      method: "PUT",
      json: {
        ...((await (await api(`/graphs/${graph.id}`, { token: creator.token })).json()) as Record<string, unknown>),
        name: "PRIVATE-DRAFT",
      },
    });
    expect(v2.status).toBe(200);
    const slug = slugOf("runner");
    const sub = await submit(creator.token, {
      graph_id: graph.id,
      graph_version: 1,
      slug,
      name: "Runner helper",
      sub_heading: "Echoes what you tell it",
      description: `Summarises **running ${word}s** reviews in one line.`,
      categories: ["productivity", "fun"],
      image: PNG,
    });
    expect(sub.status).toBe("PENDING");

    // Not public while pending, and only admins review.
    expect(await searchStore(`search=${word}`)).toEqual([]);
    const notAdmin = await api(`/store/submissions/${sub.id}/review`, {
      token: user.token,
      json: { status: "APPROVED" },
    });
    expect(notAdmin.status).toBe(403);
    const queue = await adminApi(admin.user.id, "/store/admin/submissions", { token: admin.token });
    expect(((await queue.json()) as { items: { id: string }[] }).items.map((s) => s.id)).toContain(sub.id);
    await approve(admin.user.id, admin.token, sub.id);

    // Public without signing in.
    const found = await searchStore(`search=${word}`);
    expect(found.map((c) => c.slug)).toEqual([slug]);
    const username = found[0]?.creator.username ?? "";
    const detailRes = await api(`/store/agents/${username}/${slug}`);
    expect(detailRes.status).toBe(200);
    const detailText = await detailRes.clone().text();
    const detail = (await detailRes.json()) as Detail;
    expect(detail.version).toBe(1);
    expect(Object.keys(detail.input_schema.properties)).toContain("text");
    expect(detailText).not.toContain(SECRET_VALUE);
    expect(detailText).not.toContain("PRIVATE-DRAFT");
    // The same export rules serve /graphs/:id/export: the secret input's value is not its schema default there.
    const exported = await api(`/graphs/${graph.id}/export?version=1`, { token: creator.token });
    expect(await exported.text()).not.toContain(SECRET_VALUE);
    const svg = await api(detail.graph_image_url);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(await svg.text()).toContain("<svg");
    const image = await api(`/store/agents?search=${word}`).then(() => api(sub.image_url ?? ""));
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    const creatorPage = await api(`/store/creators/${username}`);
    expect(((await creatorPage.json()) as { agents: Card[] }).agents.map((a) => a.slug)).toEqual([slug]);
    expect((await searchStore(`category=fun&search=${word}`)).length).toBe(1);
    expect((await searchStore(`category=research&search=${word}`)).length).toBe(0);

    // Another user adds it (once), may not rate before running, runs it with their own inputs, rates.
    const added = await api("/library/agents", { token: user.token, json: { listing_id: found[0]?.listing_id } });
    expect(added.status).toBe(201);
    const copy = (await added.json()) as LibraryAgent;
    expect(copy.source).toBe("store");
    expect(copy.listing?.version).toBe(1);
    const again = await api("/library/agents", { token: user.token, json: { username, slug } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as LibraryAgent).graph_id).toBe(copy.graph_id);
    const copied = await (await api(`/graphs/${copy.graph_id}`, { token: user.token })).text();
    expect(copied).not.toContain(SECRET_VALUE);

    const early = await api(`/store/agents/${username}/${slug}/reviews`, { token: user.token, json: { score: 5 } });
    expect(early.status).toBe(403);
    const run = await runToEnd(user.token, copy.graph_id, { text: "hello store", api_key: "mine" });
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs.echo).toEqual(["hello store"]);
    await indexed(run.id);
    const rated = await api(`/store/agents/${username}/${slug}/reviews`, {
      token: user.token,
      json: { score: 4, comments: "Does what it says" },
    });
    expect(rated.status).toBe(200);
    const after = (await rated.json()) as Detail;
    expect(after).toMatchObject({ rating: 4, rating_count: 1, runs: 1 });
    expect(after.reviews[0]).toMatchObject({ score: 4, comments: "Does what it says" });
    expect((await searchStore(`search=${word}&sort=rating`))[0]).toMatchObject({ rating: 4, runs: 1 });

    // The creator publishes version 2: the copy offers the update, and takes it.
    const sub2 = await submit(creator.token, { graph_id: graph.id, graph_version: 2, slug, name: "Runner helper 2" });
    await approve(admin.user.id, admin.token, sub2.id);
    const lib = await api(`/library/agents/${copy.graph_id}`, { token: user.token });
    expect(((await lib.json()) as LibraryAgent).listing).toMatchObject({
      version: 1,
      latest_version: 2,
      update_available: true,
    });
    const updated = await api(`/library/agents/${copy.graph_id}/update`, { token: user.token, method: "POST" });
    expect(updated.status, await updated.clone().text()).toBe(200);
    const up = (await updated.json()) as LibraryAgent;
    expect(up.graph_version).toBe(2);
    expect(up.listing).toMatchObject({ version: 2, update_available: false });
    expect((await runToEnd(user.token, copy.graph_id, { text: "v2", api_key: "mine" })).graph_version).toBe(2);

    // Fork into an editable graph; favourites sort first; library search.
    const forked = await api(`/library/agents/${copy.graph_id}/fork`, { token: user.token, method: "POST" });
    expect(forked.status).toBe(201);
    const fork = (await forked.json()) as LibraryAgent;
    expect(fork.source).toBe("own");
    expect(fork.graph_id).not.toBe(copy.graph_id);
    const fav = await api(`/library/agents/${fork.graph_id}`, {
      token: user.token,
      method: "PATCH",
      json: { is_favorite: true },
    });
    expect(((await fav.json()) as LibraryAgent).is_favorite).toBe(true);
    const listed = await api("/library/agents?search=fork", { token: user.token });
    expect(((await listed.json()) as { items: LibraryAgent[] }).items.map((a) => a.graph_id)).toEqual([fork.graph_id]);
  });

  it("search finds listings by words of their description only, with stems and prefixes", async () => {
    const creator = await signUp();
    const admin = await signUp();
    const word = `zanzibar${crypto.randomUUID().replace(/-/g, "").slice(0, 6)}`;
    const graph = await echoAgent(creator.token, "Plain name");
    const sub = await submit(creator.token, {
      graph_id: graph.id,
      graph_version: 1,
      slug: slugOf("plain"),
      name: "Plain name",
      description: `Plans trips around ${word} islands`,
    });
    await approve(admin.user.id, admin.token, sub.id);
    expect((await searchStore(`search=${word}`)).map((c) => c.listing_id)).toEqual([sub.listing_id]);
    expect((await searchStore(`search=${word.slice(0, -2)}`)).map((c) => c.listing_id)).toEqual([sub.listing_id]);
    expect((await searchStore(`search=${word}%20island`)).map((c) => c.listing_id)).toEqual([sub.listing_id]);
    expect(await searchStore(`search=${word}%20volcano`)).toEqual([]);
    // FTS operators typed in the box are just words.
    expect((await searchStore(`search=${encodeURIComponent(`"${word}" OR NEAR(`)}`)).length).toBe(0);
    expect((await searchStore(`search=${encodeURIComponent(`${word} *`)}`)).length).toBe(1);
  });

  it("withdrawn listings vanish from search, the listing page, the creator page and the library", async () => {
    const creator = await signUp();
    const admin = await signUp();
    const user = await signUp();
    const word = `vanish${crypto.randomUUID().slice(0, 6)}`;
    const graph = await echoAgent(creator.token, `Gone ${word}`);
    const slug = slugOf("gone");
    const sub = await submit(creator.token, { graph_id: graph.id, graph_version: 1, slug, name: `Gone ${word}` });
    await approve(admin.user.id, admin.token, sub.id);
    const [card] = await searchStore(`search=${word}`);
    expect(card?.slug).toBe(slug);
    const username = card?.creator.username ?? "";

    const withdrawn = await api(`/store/submissions/${sub.id}`, { token: creator.token, method: "DELETE" });
    expect(((await withdrawn.json()) as { status: string }).status).toBe("WITHDRAWN");
    expect(await searchStore(`search=${word}`)).toEqual([]);
    expect(await searchStore("sort=recent&page_size=100").then((items) => items.some((c) => c.slug === slug))).toBe(
      false,
    );
    expect((await api(`/store/agents/${username}/${slug}`)).status).toBe(404);
    expect((await api(`/store/agents/${username}/${slug}/graph.svg`)).status).toBe(404);
    const page = (await (await api(`/store/creators/${username}`)).json()) as { agents: Card[] };
    expect(page.agents).toEqual([]);
    const add = await api("/library/agents", { token: user.token, json: { listing_id: sub.listing_id } });
    expect(add.status).toBe(404);
  });

  it("checks images by their bytes and size, and refuses another user's slug clash and double pending", async () => {
    const creator = await signUp();
    const graph = await echoAgent(creator.token, "Pictures");
    const fakePng = `data:image/png;base64,${btoa("just some text, not an image")}`;
    const bad = await api("/store/submissions", {
      token: creator.token,
      json: { graph_id: graph.id, graph_version: 1, slug: "pictures", name: "Pictures", image: fakePng },
    });
    expect(bad.status).toBe(400);
    const big = `data:image/png;base64,${btoa(`\x89PNG\r\n\x1a\n${"x".repeat(600_000)}`)}`;
    const tooBig = await api("/store/submissions", {
      token: creator.token,
      json: { graph_id: graph.id, graph_version: 1, slug: "pictures", name: "Pictures", image: big },
    });
    expect(tooBig.status).toBe(413);
    const badSlug = await api("/store/submissions", {
      token: creator.token,
      json: { graph_id: graph.id, graph_version: 1, slug: "Not A Slug", name: "Pictures" },
    });
    expect(badSlug.status).toBe(400);
    expect(JSON.stringify(await badSlug.json())).toContain("slug");
    await submit(creator.token, { graph_id: graph.id, graph_version: 1, slug: "pictures", name: "Pictures" });
    const twice = await api("/store/submissions", {
      token: creator.token,
      json: { graph_id: graph.id, graph_version: 1, slug: "pictures", name: "Pictures" },
    });
    expect(twice.status).toBe(409);
    const other = await echoAgent(creator.token, "Other");
    const clash = await api("/store/submissions", {
      token: creator.token,
      json: { graph_id: other.id, graph_version: 1, slug: "pictures", name: "Other" },
    });
    expect(clash.status).toBe(409);
  });

  it("profiles: set, read publicly, usernames unique", async () => {
    const a = await signUp();
    const b = await signUp();
    const name = `maker-${crypto.randomUUID().slice(0, 8)}`;
    expect((await api("/store/profile", { token: a.token })).status).toBe(404);
    const put = await api("/store/profile", {
      token: a.token,
      method: "PUT",
      json: { username: name, name: "A Maker", bio: "I build agents", links: ["https://example.com/me"] },
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const taken = await api("/store/profile", { token: b.token, method: "PUT", json: { username: name } });
    expect(taken.status).toBe(409);
    const pub = await api(`/store/creators/${name}`);
    expect(await pub.json()).toMatchObject({ username: name, name: "A Maker", bio: "I build agents", agents: [] });
  });

  it("documents the store, library and sharing routes in the OpenAPI document", async () => {
    const doc = (await (await api("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths["/api/v1/store/submissions"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/v1/store/submissions/{id}/review"] ?? {})).toEqual(["post"]);
    expect(doc.paths["/api/v1/store/agents"]?.get?.security).toBeUndefined();
    expect(doc.paths["/api/v1/library/presets/{id}/execute"]?.post?.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(Object.keys(doc.paths["/api/v1/public/shared/{token}"] ?? {})).toEqual(["get"]);
    for (const name of ["StoreAgentDetail", "StoreSubmission", "LibraryAgent", "LibraryPreset", "SharedRun"]) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
  });
});
