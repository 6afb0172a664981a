// A private graph never leaks through the store: for anonymous callers, another user, the owner and an admin,
// no store route shows a graph that was never submitted, a submission under review, or anything but the
// approved version's export-stripped snapshot.
import { describe, expect, it } from "vitest";
import { api, signUp } from "./helpers/auth";
import { adminApi, approve, echoAgent, SECRET_VALUE, slugOf, submit } from "./helpers/store";

describe("store authorization", () => {
  it("private graphs and pending submissions stay private for anonymous, other user, owner and admin", async () => {
    const owner = await signUp();
    const other = await signUp();
    const admin = await signUp();
    const secretWord = `hidden${crypto.randomUUID().slice(0, 6)}`;
    const pendingWord = `pending${crypto.randomUUID().slice(0, 6)}`;
    const liveWord = `listed${crypto.randomUUID().slice(0, 6)}`;
    const priv = await echoAgent(owner.token, `Never shared ${secretWord}`, `private ${secretWord}`);
    const pending = await echoAgent(owner.token, `Under review ${pendingWord}`);
    const live = await echoAgent(owner.token, `Listed ${liveWord}`);
    const pendingSlug = slugOf("pending");
    const liveSlug = slugOf("listed");
    const pendingSub = await submit(owner.token, {
      graph_id: pending.id,
      graph_version: 1,
      slug: pendingSlug,
      name: `Under review ${pendingWord}`,
      description: pendingWord,
    });
    const liveSub = await submit(owner.token, {
      graph_id: live.id,
      graph_version: 1,
      slug: liveSlug,
      name: `Listed ${liveWord}`,
    });
    await approve(admin.user.id, admin.token, liveSub.id);
    const profile = (await (await api("/store/profile", { token: owner.token })).json()) as { username: string };
    const username = profile.username;

    type Caller = {
      name: string;
      call: (path: string, init?: { method?: string; json?: unknown }) => Promise<Response>;
    };
    const callers: Caller[] = [
      { name: "anonymous", call: (path, init) => api(path, { ...init }) },
      { name: "other user", call: (path, init) => api(path, { token: other.token, ...init }) },
      { name: "owner", call: (path, init) => api(path, { token: owner.token, ...init }) },
      { name: "admin", call: (path, init) => adminApi(admin.user.id, path, { token: admin.token, ...init }) },
    ];

    for (const { name, call } of callers) {
      const everything = await call("/store/agents?sort=recent&page_size=100");
      const text = await everything.text();
      for (const word of [secretWord, pendingWord, SECRET_VALUE]) expect(text, `${name}: browse`).not.toContain(word);
      for (const word of [secretWord, pendingWord]) {
        const found = (await (await call(`/store/agents?search=${word}`)).json()) as { items: unknown[] };
        expect(found.items, `${name}: search ${word}`).toEqual([]);
      }
      expect((await call(`/store/agents/${username}/${pendingSlug}`)).status, `${name}: pending page`).toBe(404);
      expect((await call(`/store/agents/${username}/${pendingSlug}/graph.svg`)).status, `${name}: svg`).toBe(404);
      const creator = await (await call(`/store/creators/${username}`)).text();
      expect(creator, `${name}: creator page`).toContain(liveSlug);
      for (const word of [secretWord, pendingWord, SECRET_VALUE])
        expect(creator, `${name}: creator`).not.toContain(word);
      const listed = await (await call(`/store/agents/${username}/${liveSlug}`)).text();
      expect(listed, `${name}: listing`).not.toContain(SECRET_VALUE);
    }

    // Submissions: only the owner and admins see one; nobody can list someone else's graph.
    expect((await api(`/store/submissions/${pendingSub.id}`)).status).toBe(401);
    expect((await api(`/store/submissions/${pendingSub.id}`, { token: other.token })).status).toBe(404);
    const own = await api(`/store/submissions/${pendingSub.id}`, { token: owner.token });
    expect(own.status).toBe(200);
    const asAdmin = await adminApi(admin.user.id, `/store/submissions/${pendingSub.id}`, { token: admin.token });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.text()).not.toContain(SECRET_VALUE);
    const mine = (await (await api("/store/submissions", { token: other.token })).json()) as { items: unknown[] };
    expect(mine.items).toEqual([]);
    for (const version of [1, 2]) {
      const steal = await api("/store/submissions", {
        token: other.token,
        json: { graph_id: priv.id, graph_version: version, slug: slugOf("steal"), name: "Mine now" },
      });
      expect(steal.status).toBe(404);
    }
    // Even an admin cannot submit another user's graph.
    const adminSteal = await adminApi(admin.user.id, "/store/submissions", {
      token: admin.token,
      json: { graph_id: priv.id, graph_version: 1, slug: slugOf("steal"), name: "Mine now" },
    });
    expect(adminSteal.status).toBe(404);
    // Only the owner edits or withdraws; another user's attempt changes nothing.
    const edit = await api(`/store/submissions/${pendingSub.id}`, {
      token: other.token,
      method: "PATCH",
      json: { name: "x" },
    });
    expect(edit.status).toBe(404);
    expect((await api(`/store/submissions/${liveSub.id}`, { token: other.token, method: "DELETE" })).status).toBe(404);
    expect((await api(`/store/agents/${username}/${liveSlug}`)).status).toBe(200);
    // Pending listings cannot be added to a library, by id or by name.
    const addPending = await api("/library/agents", {
      token: other.token,
      json: { listing_id: pendingSub.listing_id },
    });
    expect(addPending.status).toBe(404);
    const addByName = await api("/library/agents", { token: other.token, json: { username, slug: pendingSlug } });
    expect(addByName.status).toBe(404);
    // Non-admins cannot review or see the queue; unauthenticated callers cannot either.
    expect((await api("/store/admin/submissions", { token: owner.token })).status).toBe(403);
    expect((await api("/store/admin/submissions")).status).toBe(401);
    const selfApprove = await api(`/store/submissions/${pendingSub.id}/review`, {
      token: owner.token,
      json: { status: "APPROVED" },
    });
    expect(selfApprove.status).toBe(403);
    // Admins named by email work too; emails compare case-insensitively.
    const byEmail = await adminApi(admin.user.email.toUpperCase(), "/store/admin/submissions", { token: admin.token });
    expect(byEmail.status).toBe(200);
    // An approved version cannot be approved again, nor edited.
    const again = await adminApi(admin.user.id, `/store/submissions/${liveSub.id}/review`, {
      token: admin.token,
      json: { status: "REJECTED" },
    });
    expect(again.status).toBe(409);
  });

  it("a rejected submission stays private and goes back to review when edited", async () => {
    const owner = await signUp();
    const admin = await signUp();
    const g = await echoAgent(owner.token, "Rejectable");
    const slug = slugOf("reject");
    const sub = await submit(owner.token, { graph_id: g.id, graph_version: 1, slug, name: "Rejectable" });
    const rejected = await adminApi(admin.user.id, `/store/submissions/${sub.id}/review`, {
      token: admin.token,
      json: { status: "REJECTED", comment: "Needs a description" },
    });
    expect(await rejected.json()).toMatchObject({ status: "REJECTED", review_comment: "Needs a description" });
    const username = ((await (await api("/store/profile", { token: owner.token })).json()) as { username: string })
      .username;
    expect((await api(`/store/agents/${username}/${slug}`)).status).toBe(404);
    const edited = await api(`/store/submissions/${sub.id}`, {
      token: owner.token,
      method: "PATCH",
      json: { description: "Now described" },
    });
    expect(await edited.json()).toMatchObject({ status: "PENDING", description: "Now described" });
  });
});
