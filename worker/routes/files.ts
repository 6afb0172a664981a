// Files: upload (multipart, field "file") into the caller's R2 prefix, read back (owner only, or anyone holding a
// short-lived signed link), delete, and signed links for uploads and for files runs produced.
// The answer's `uri` is what AgentFileInputBlock / FileStoreBlock take as a file reference.
import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { R2_SCHEME } from "../../durable-objects/block-context";
import type { AppEnv } from "../env";
import { badRequest, notFound, tooLarge, zodDetails } from "../errors";
import { documentFileRoutes, FileLinkBody } from "../files/api-docs";
import { sanitizeFileName } from "../files/file-name";
import { fileLimits } from "../files/limits";
import { linkableFileId, signFileLink, verifyFileLink } from "../files/signed-link";
import { sniffContentType } from "../files/sniff";
import { fileInfo, findFile, putFile, usedBytes } from "../files/store";
import { requireAuth } from "../middleware/auth";
import { newRouter } from "../router";

export const fileRoutes = newRouter();
documentFileRoutes(fileRoutes.openAPIRegistry);

const FileId = z.uuid();

const overQuota = (quotaBytes: number, used: number) =>
  tooLarge(`Upload would exceed your storage quota of ${quotaBytes} bytes (${used} used)`);

fileRoutes.post("/", requireAuth("write"), async (c) => {
  const { userId } = c.get("auth");
  const limits = fileLimits(c.env);
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw badRequest("Expected a multipart/form-data body", [{ path: "file", message: "Required" }]);
  }
  const file = form.get("file");
  if (!file || typeof file === "string") throw badRequest("Invalid upload", [{ path: "file", message: "Required" }]);
  if (file.size > limits.maxBytes) throw tooLarge(`File exceeds ${limits.maxBytes} bytes`);
  const used = await usedBytes(c.env.FILES, userId);
  if (used + file.size > limits.quotaBytes) {
    throw overQuota(limits.quotaBytes, used);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const stored = await putFile(
    c.env.FILES,
    userId,
    sanitizeFileName(file.name),
    bytes,
    sniffContentType(bytes, file.type),
  );
  // Uploads at the same moment all passed the check above: looked at again now that this one is stored, the owner
  // over the quota takes it back. The last of them to look sees every other one stored, so what stays fits.
  const usedNow = await usedBytes(c.env.FILES, userId);
  if (usedNow > limits.quotaBytes) {
    await c.env.FILES.delete(stored.uri.slice(R2_SCHEME.length));
    throw overQuota(limits.quotaBytes, usedNow - bytes.length);
  }
  return c.json(stored, 201);
});

// A signed link for one of the caller's files: an upload (`id` or `uri`) or a file a run of theirs stored (`uri`).
fileRoutes.post("/links", requireAuth("read"), async (c) => {
  const parsed = FileLinkBody.safeParse(await c.req.json().catch(() => undefined));
  if (!parsed.success) throw badRequest("Invalid request body", zodDetails(parsed.error.issues));
  const { userId } = c.get("auth");
  let key: string | undefined;
  if (parsed.data.uri !== undefined) {
    key = parsed.data.uri.slice(R2_SCHEME.length);
    // Someone else's file is not found, like any other missing file.
    if (!key.startsWith(`runs/${userId}/`) || !linkableFileId(key) || !(await c.env.FILES.head(key))) key = undefined;
  } else if (parsed.data.id !== undefined) {
    key = (await findFile(c.env.FILES, userId, parsed.data.id))?.key;
  }
  if (!key) throw notFound("File");
  return c.json(await signFileLink(c.env, key, Date.now()), 201);
});

/** The owner's credentials, unless the request carries a signed link (checked in the handler). */
const ownerOrSignedLink: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.query("sig") !== undefined ? next() : requireAuth("read")(c, next);

fileRoutes.get("/:id", ownerOrSignedLink, async (c) => {
  const id = FileId.safeParse(c.req.param("id"));
  if (!id.success) throw notFound("File");
  let found: R2Object | null;
  if (c.req.query("sig") !== undefined) {
    const key = await verifyFileLink(c.env, id.data, c.req.query(), Date.now());
    found = await c.env.FILES.head(key);
  } else {
    found = await findFile(c.env.FILES, c.get("auth").userId, id.data);
  }
  const object = found && (await c.env.FILES.get(found.key));
  if (!found || !object) throw notFound("File");
  const meta = fileInfo(found, id.data);
  if (c.req.query("info") !== undefined) return c.json(meta);
  return new Response(object.body, {
    headers: {
      "content-type": meta.content_type,
      "content-length": String(meta.size),
      // Always a download: uploaded content never renders on the API's origin.
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});

fileRoutes.delete("/:id", requireAuth("write"), async (c) => {
  const id = FileId.safeParse(c.req.param("id"));
  if (!id.success) throw notFound("File");
  const found = await findFile(c.env.FILES, c.get("auth").userId, id.data);
  if (!found) throw notFound("File");
  await c.env.FILES.delete(found.key);
  return c.body(null, 204);
});
