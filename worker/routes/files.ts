// Files: upload (multipart, field "file") into the caller's R2 prefix, read back (owner only), delete.
// The answer's `uri` is what AgentFileInputBlock / FileStoreBlock take as a file reference.
import { z } from "zod";
import { badRequest, notFound, tooLarge } from "../errors";
import { sanitizeFileName } from "../files/file-name";
import { fileLimits } from "../files/limits";
import { sniffContentType } from "../files/sniff";
import { fileInfo, findFile, putFile, usedBytes } from "../files/store";
import { requireAuth } from "../middleware/auth";
import { newRouter } from "../router";

export const fileRoutes = newRouter();

const FileId = z.uuid();

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
    throw tooLarge(`Upload would exceed your storage quota of ${limits.quotaBytes} bytes (${used} used)`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const stored = await putFile(
    c.env.FILES,
    userId,
    sanitizeFileName(file.name),
    bytes,
    sniffContentType(bytes, file.type),
  );
  return c.json(stored, 201);
});

fileRoutes.get("/:id", requireAuth("read"), async (c) => {
  const id = FileId.safeParse(c.req.param("id"));
  if (!id.success) throw notFound("File");
  const found = await findFile(c.env.FILES, c.get("auth").userId, id.data);
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
