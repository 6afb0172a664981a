// Signed download links for files (POST /api/v1/files/links, GET /api/v1/files/:id?key&expires&sig): a link opens
// without credentials until it expires; expired, altered or borrowed links are refused; a file a run stored
// (FileStoreBlock) can be linked by its owner only.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signFileLink } from "../worker/files/signed-link";
import { newUser } from "./engine-helpers";
import { api } from "./helpers/auth";
import { storeFileRun, uploadFile } from "./helpers/files";

type FileInfo = { id: string; uri: string };
type Link = { url: string; expires_at: string };

async function upload(token: string, text: string, name: string): Promise<FileInfo> {
  const posted = await uploadFile(token, text, name, "text/plain");
  expect(posted.status).toBe(201);
  return (await posted.json()) as FileInfo;
}

/** Opens a link the way a browser does: no Authorization header. */
const open = (url: string) => exports.default.fetch(new Request(`http://local.test${url}`));

async function linkFor(token: string, body: { uri?: string; id?: string }) {
  return api("/files/links", { token, json: body });
}

describe("signed file links", () => {
  it("a link opens the file without credentials and says when it expires", async () => {
    const { token } = await newUser();
    const file = await upload(token, "hello link", "note.txt");
    const res = await linkFor(token, { id: file.id });
    expect(res.status).toBe(201);
    const link = (await res.json()) as Link;
    expect(link.url).toMatch(new RegExp(`^/api/v1/files/${file.id}\\?`));
    const ttl = Number(env.FILES_LINK_TTL_SECONDS);
    const left = Date.parse(link.expires_at) - Date.now();
    expect(left).toBeGreaterThan((ttl - 5) * 1000);
    expect(left).toBeLessThanOrEqual(ttl * 1000);
    const got = await open(link.url);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''note.txt");
    expect(await got.text()).toBe("hello link");
    // Without the signature it is an ordinary request: credentials needed.
    expect((await open(`/api/v1/files/${file.id}`)).status).toBe(401);
  });

  it("refuses an expired link with 403", async () => {
    const { token, userId } = await newUser();
    const file = await upload(token, "old", "old.txt");
    const key = file.uri.slice("r2://".length);
    expect(key.startsWith(`runs/${userId}/uploads/`)).toBe(true);
    const ttlMs = Number(env.FILES_LINK_TTL_SECONDS) * 1000;
    const expired = await signFileLink(env, key, Date.now() - ttlMs - 2000);
    const res = await open(expired.url);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
    // The same key signed now works: only the time differs.
    expect((await open((await signFileLink(env, key, Date.now())).url)).status).toBe(200);
  });

  it("refuses a tampered link: later expiry, another key, another id, a changed signature", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const mine = await upload(alice.token, "alice's", "a.txt");
    const theirs = await upload(bob.token, "bob's", "b.txt");
    const link = (await (await linkFor(alice.token, { id: mine.id })).json()) as Link;
    const url = new URL(link.url, "http://local.test");
    const variants: ((u: URL) => void)[] = [
      (u) => u.searchParams.set("expires", String(Number(u.searchParams.get("expires")) + 3600)),
      (u) => u.searchParams.set("key", theirs.uri.slice(5)),
      (u) => {
        u.searchParams.set("key", theirs.uri.slice(5));
        u.pathname = `/api/v1/files/${theirs.id}`;
      },
      (u) => {
        const sig = u.searchParams.get("sig") ?? "";
        u.searchParams.set("sig", `${sig[0] === "0" ? "1" : "0"}${sig.slice(1)}`);
      },
      (u) => u.searchParams.set("sig", ""),
    ];
    for (const change of variants) {
      const altered = new URL(url);
      change(altered);
      const res = await open(altered.pathname + altered.search);
      expect(res.status, altered.search).toBe(403);
    }
    expect((await open(link.url)).status).toBe(200);
  });

  it("another user's file gets no link (404), by id or by uri", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const file = await upload(alice.token, "private", "p.txt");
    expect((await linkFor(bob.token, { id: file.id })).status).toBe(404);
    expect((await linkFor(bob.token, { uri: file.uri })).status).toBe(404);
    expect((await linkFor(alice.token, { uri: file.uri })).status).toBe(201);
    expect((await linkFor(alice.token, {})).status).toBe(400);
    expect((await api("/files/links", { json: { id: file.id } })).status).toBe(401);
  });

  it("a file a run stored (FileStoreBlock output) downloads through its owner's link", async () => {
    const { token } = await newUser();
    const other = await newUser();
    const { run, uri } = await storeFileRun(token, `data:text/csv;base64,${btoa("x,y\n1,2\n")}`, "store a file");
    expect(uri).toMatch(new RegExp(`^r2://runs/[^/]+/${run.id}/files/`));
    expect((await linkFor(other.token, { uri })).status).toBe(404);
    const res = await linkFor(token, { uri });
    expect(res.status).toBe(201);
    const got = await open(((await res.json()) as Link).url);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("text/csv");
    expect(await got.text()).toBe("x,y\n1,2\n");
  });
});
