import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createApiKey, signUp } from "./helpers/auth";

type KeyPage = {
  items: {
    id: string;
    name: string;
    prefix: string;
    scopes: string[];
    created_at: string;
    last_used_at: string | null;
  }[];
  next_cursor: string | null;
};

describe("API keys", () => {
  it("creates a key shown once, stores only its SHA-256, and lists it without the secret", async () => {
    const { token } = await signUp();
    const res = await api("/api-keys", { token, json: { name: "ci", scopes: ["read", "execute"] } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; key: string; prefix: string; scopes: string[] };
    expect(Object.keys(created).sort()).toEqual(["created_at", "id", "key", "name", "prefix", "scopes"]);
    expect(created.key).toMatch(/^agf_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));
    expect(created.scopes).toEqual(["read", "execute"]);

    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(created.id).first();
    expect(JSON.stringify(row)).not.toContain(created.key);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(created.key)));
    expect(row?.key_hash).toBe([...digest].map((b) => b.toString(16).padStart(2, "0")).join(""));

    const list = await api("/api-keys", { token });
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain(created.key);
    const page = JSON.parse(text) as KeyPage;
    expect(page.next_cursor).toBeNull();
    expect(page.items).toEqual([
      {
        id: created.id,
        name: "ci",
        prefix: created.prefix,
        scopes: ["read", "execute"],
        created_at: expect.any(String),
        last_used_at: null,
      },
    ]);
  });

  it("accepts a key as X-API-Key and as Authorization: Bearer, and records its last use", async () => {
    const { token, user } = await signUp();
    const { key, id } = await createApiKey(token, ["read"]);
    for (const res of [await api("/auth/me", { apiKey: key }), await api("/auth/me", { token: key })]) {
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(user);
    }
    await expect
      .poll(async () => {
        const row = await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?")
          .bind(id)
          .first<{ last_used_at: string | null }>();
        return row?.last_used_at;
      })
      .toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("rewrites last_used_at at most once a minute, so a busy key is not a D1 write per request", async () => {
    const { token } = await signUp();
    const { key, id } = await createApiKey(token, ["read"]);
    const setLastUsed = (value: string) =>
      env.DB.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").bind(value, id).run();
    const lastUsed = async () =>
      (
        await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?")
          .bind(id)
          .first<{ last_used_at: string }>()
      )?.last_used_at;
    // A verified key is remembered per isolate for a few seconds, so the stale case comes first.
    await setLastUsed("2020-01-01T00:00:00.000Z");
    expect((await api("/auth/me", { apiKey: key })).status).toBe(200);
    await expect.poll(lastUsed).not.toBe("2020-01-01T00:00:00.000Z");
    const recent = new Date(Date.now() - 10_000).toISOString();
    await setLastUsed(recent);
    expect((await api("/auth/me", { apiKey: key })).status).toBe(200);
    expect(await lastUsed()).toBe(recent);
  });

  it("denies a read-only key a write route (403) while it still reads", async () => {
    const { token } = await signUp();
    const readOnly = await createApiKey(token, ["read"]);
    const other = await createApiKey(token, ["read", "write"]);
    const del = await api(`/api-keys/${other.id}`, { apiKey: readOnly.key, method: "DELETE" });
    expect(del.status).toBe(403);
    expect(((await del.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await api("/api-keys", { apiKey: readOnly.key })).status).toBe(200);
    // The key it tried to revoke still works.
    expect((await api("/auth/me", { apiKey: other.key })).status).toBe(200);
  });

  it("never lets a key mint a key with more scopes than its own", async () => {
    const { token } = await signUp();
    const writer = await createApiKey(token, ["read", "write"]);
    const res = await api("/api-keys", { apiKey: writer.key, json: { name: "escalate", scopes: ["execute"] } });
    expect(res.status).toBe(403);
    const ok = await api("/api-keys", { apiKey: writer.key, json: { name: "narrower", scopes: ["read"] } });
    expect(ok.status).toBe(201);
  });

  it("revoking a key revokes the keys it minted, and theirs (a stolen key leaves nothing behind)", async () => {
    const { token } = await signUp();
    const stolen = await createApiKey(token, ["read", "write"], "stolen");
    const child = (await (
      await api("/api-keys", { apiKey: stolen.key, json: { name: "child", scopes: ["read", "write"] } })
    ).json()) as { id: string; key: string };
    const grandchild = (await (
      await api("/api-keys", { apiKey: child.key, json: { name: "grandchild", scopes: ["read"] } })
    ).json()) as { id: string; key: string };
    const own = await createApiKey(token, ["read"], "the owner's other key");
    // Verified in this isolate first: revocation must still reach them at once.
    for (const k of [child.key, grandchild.key]) expect((await api("/auth/me", { apiKey: k })).status).toBe(200);

    expect((await api(`/api-keys/${stolen.id}`, { token, method: "DELETE" })).status).toBe(204);
    for (const k of [stolen.key, child.key, grandchild.key])
      expect((await api("/auth/me", { apiKey: k })).status).toBe(401);
    expect((await api("/auth/me", { apiKey: own.key })).status).toBe(200);
    const left = ((await (await api("/api-keys", { token })).json()) as KeyPage).items.map((k) => k.name);
    expect(left).toEqual(["the owner's other key"]);
  });

  it("caps a user's live keys at MAX_API_KEYS_PER_USER (403 naming it), at once too; a revoked key frees its place", async () => {
    const { token } = await signUp();
    const cap = Number(env.MAX_API_KEYS_PER_USER);
    const made = await Promise.all(
      Array.from({ length: cap + 3 }, (_, i) => api("/api-keys", { token, json: { name: `k${i}`, scopes: ["read"] } })),
    );
    const statuses = made.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(cap);
    expect(statuses.filter((s) => s === 403)).toHaveLength(3);
    const refused = made.find((r) => r.status === 403) as Response;
    expect(JSON.stringify(await refused.json())).toContain("MAX_API_KEYS_PER_USER");
    const first = (await (made.find((r) => r.status === 201) as Response).json()) as { id: string };
    expect((await api(`/api-keys/${first.id}`, { token, method: "DELETE" })).status).toBe(204);
    expect((await api("/api-keys", { token, json: { name: "again", scopes: ["read"] } })).status).toBe(201);
  });

  it("revokes a key: 204, then 401 when used, and it leaves the list", async () => {
    const { token } = await signUp();
    const { key, id } = await createApiKey(token);
    // Used first, so the isolate has it verified: revoking must still refuse it at once.
    expect((await api("/auth/me", { apiKey: key })).status).toBe(200);
    expect((await api(`/api-keys/${id}`, { token, method: "DELETE" })).status).toBe(204);
    const after = await api("/auth/me", { apiKey: key });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect(((await (await api("/api-keys", { token })).json()) as KeyPage).items).toEqual([]);
    expect((await api(`/api-keys/${id}`, { token, method: "DELETE" })).status).toBe(404);
  });

  it("rejects an unknown key with 401", async () => {
    expect((await api("/auth/me", { apiKey: "agf_not-a-real-key" })).status).toBe(401);
  });

  it("keeps users apart: B neither sees nor revokes A's keys", async () => {
    const a = await signUp();
    const b = await signUp();
    const aKey = await createApiKey(a.token, ["read"], "a's key");
    await createApiKey(b.token, ["read"], "b's key");
    const bList = (await (await api("/api-keys", { token: b.token })).json()) as KeyPage;
    expect(bList.items.map((k) => k.name)).toEqual(["b's key"]);
    const steal = await api(`/api-keys/${aKey.id}`, { token: b.token, method: "DELETE" });
    expect(steal.status).toBe(404);
    expect((await api("/auth/me", { apiKey: aKey.key })).status).toBe(200);
  });

  it("paginates newest first with limit and cursor", async () => {
    const { token } = await signUp();
    for (const name of ["k1", "k2", "k3", "k4", "k5"]) await createApiKey(token, ["read"], name);
    const seen: KeyPage["items"] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page = (await (await api(`/api-keys${query}`, { token })).json()) as KeyPage;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    // Every key exactly once, newest first (keys created within the same millisecond may come in either order).
    expect(seen.map((k) => k.name).sort()).toEqual(["k1", "k2", "k3", "k4", "k5"]);
    const times = seen.map((k) => k.created_at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("validates input with field paths", async () => {
    const { token } = await signUp();
    const res = await api("/api-keys", { token, json: { name: "", scopes: ["admin"] } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path).sort()).toEqual(["name", "scopes.0"]);
    const badLimit = await api("/api-keys?limit=0", { token });
    expect(badLimit.status).toBe(400);
    const badCursor = await api("/api-keys?cursor=zzz", { token });
    expect(badCursor.status).toBe(400);
    expect(((await badCursor.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      "cursor",
    );
  });
});

const live = async (id: string) =>
  (await env.DB.prepare("SELECT revoked_at FROM api_keys WHERE id = ?").bind(id).first<{ revoked_at: string | null }>())
    ?.revoked_at === null;

describe("API key lineage against a revocation racing a mint", () => {
  it("a key revoked elsewhere (another isolate still trusting it for a few seconds) cannot mint a key that survives", async () => {
    const { token } = await signUp();
    const stolen = await createApiKey(token, ["read", "write"], "stolen");
    // This isolate has verified the key (it trusts it for VERIFIED_KEY_TTL_MS)...
    expect((await api("/auth/me", { apiKey: stolen.key })).status).toBe(200);
    // ...when the owner revokes it through another isolate (this one's cache is not told).
    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?")
      .bind(new Date().toISOString(), stolen.id)
      .run();
    const mint = await api("/api-keys", { apiKey: stolen.key, json: { name: "survivor", scopes: ["read", "write"] } });
    if (mint.status === 201) {
      const child = (await mint.json()) as { id: string; key: string };
      // Whatever the answer, the key must not be alive: its parent is revoked.
      expect(await live(child.id)).toBe(false);
    } else {
      expect(mint.status).toBe(401);
    }
  });

  it("minting while the owner revokes the key: no minted key outlives the revocation", async () => {
    const { token } = await signUp();
    const stolen = await createApiKey(token, ["read", "write"], "stolen");
    expect((await api("/auth/me", { apiKey: stolen.key })).status).toBe(200);
    const mints = Array.from({ length: 12 }, (_, i) =>
      api("/api-keys", { apiKey: stolen.key, json: { name: `m${i}`, scopes: ["read"] } }),
    );
    const [revoke, ...minted] = await Promise.all([
      api(`/api-keys/${stolen.id}`, { token, method: "DELETE" }),
      ...mints,
    ]);
    expect(revoke.status).toBe(204);
    const { results } = await env.DB.prepare(
      "SELECT id, name FROM api_keys WHERE parent_key_id = ? AND revoked_at IS NULL",
    )
      .bind(stolen.id)
      .all<{ id: string; name: string }>();
    expect(results).toEqual([]);
    expect(minted.every((r) => r.status === 201 || r.status === 401)).toBe(true);
  });
});
