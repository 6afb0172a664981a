// Files API: multipart upload into the caller's R2 prefix, owner-only read, delete, limits; an uploaded file's
// URI feeds AgentFileInputBlock in a real run.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createGraph, graphJson, newUser, runToEnd, uid } from "./engine-helpers";
import { api } from "./helpers/auth";
import { uploadFile as upload } from "./helpers/files";

type FileInfo = { id: string; name: string; content_type: string; size: number; uri: string };

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe("files API", () => {
  it("uploads under the owner's prefix, sniffs the type, sanitises the name; only the owner reads or deletes", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const res = await upload(alice.token, PNG, "../../etc/pass\u0007wd.txt", "text/plain");
    expect(res.status).toBe(201);
    const file = (await res.json()) as FileInfo;
    expect(file).toMatchObject({ name: "passwd.txt", content_type: "image/png", size: PNG.length });
    expect(file.uri).toBe(`r2://runs/${alice.userId}/uploads/${file.id}/passwd.txt`);
    expect(await env.FILES.head(file.uri.slice(5))).not.toBeNull();

    const got = await api(`/files/${file.id}`, { token: alice.token });
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG);

    expect((await api(`/files/${file.id}`, { token: bob.token })).status).toBe(404);
    expect((await api(`/files/${file.id}`, { token: bob.token, method: "DELETE" })).status).toBe(404);
    expect((await api(`/files/${file.id}`, { token: alice.token, method: "DELETE" })).status).toBe(204);
    expect((await api(`/files/${file.id}`, { token: alice.token })).status).toBe(404);
  });

  it("refuses a missing file field with 400 and unauthenticated uploads with 401", async () => {
    const { token } = await newUser();
    const res = await exports.default.fetch(
      new Request("http://local.test/api/v1/files", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
        body: new FormData(),
      }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe("file");
    const anon = await exports.default.fetch(new Request("http://local.test/api/v1/files", { method: "POST" }));
    expect(anon.status).toBe(401);
  });

  it("refuses a file over FILES_MAX_BYTES and uploads past the quota with 413", async () => {
    const { token } = await newUser();
    const max = Number(env.FILES_MAX_BYTES);
    const big = await upload(token, new Uint8Array(max + 1), "big.bin");
    expect(big.status).toBe(413);
    const quota = Number(env.FILES_QUOTA_BYTES);
    const perFile = Math.min(max, Math.ceil(quota / 2));
    const uploads: number[] = [];
    for (let used = 0; used + perFile <= quota; used += perFile) {
      uploads.push((await upload(token, new Uint8Array(perFile), "part.bin")).status);
    }
    expect(uploads.every((s) => s === 201)).toBe(true);
    expect((await upload(token, new Uint8Array(perFile), "over.bin")).status).toBe(413);
  });

  it("concurrent uploads cannot pass the quota together: what stays stored fits, and each 201 is kept", async () => {
    const { token, userId } = await newUser();
    const quota = Number(env.FILES_QUOTA_BYTES);
    const MiB = 1024 * 1024;
    // 4 MiB of room left, then six 1 MiB uploads at once.
    await env.FILES.put(`runs/${userId}/uploads/${crypto.randomUUID()}/filler.bin`, new Uint8Array(quota - 4 * MiB));
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => upload(token, new Uint8Array(MiB), `part${i}.bin`)),
    );
    const accepted = await Promise.all(
      answers.filter((r) => r.status === 201).map(async (r) => ((await r.json()) as FileInfo).uri.slice(5)),
    );
    expect(answers.every((r) => r.status === 201 || r.status === 413)).toBe(true);
    const listed = await env.FILES.list({ prefix: `runs/${userId}/uploads/` });
    expect(listed.objects.reduce((sum, o) => sum + o.size, 0)).toBeLessThanOrEqual(quota);
    const stored = listed.objects.map((o) => o.key);
    for (const key of accepted) expect(stored).toContain(key);
    expect(stored.length).toBe(accepted.length + 1);
  });

  it("an uploaded file's URI runs through AgentFileInputBlock", async () => {
    const { token } = await newUser();
    const file = (await (await upload(token, "a,b\n1,2\n", "data.csv", "text/csv")).json()) as FileInfo;
    expect(file.content_type).toBe("text/csv");
    const [input, out] = [uid("file"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "file input",
        [
          {
            id: input,
            block_id: "95ead23f-8283-4654-aef3-10c053b74a31",
            input_default: { name: "doc", base_64: true },
          },
          { id: out, block_id: "363ae599-353e-4804-937e-b2ee3cef3da4", input_default: { name: "content" } },
        ],
        [[input, "result", out, "value"]],
      ),
    );
    const run = await runToEnd(token, graph.id, { doc: file.uri });
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs.content).toEqual([`data:text/csv;base64,${btoa("a,b\n1,2\n")}`]);
  });
});
