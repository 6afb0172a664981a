// Uploaded files in R2 under the owner's prefix (`runs/<owner>/uploads/<id>/<name>`): blocks read them by their
// `r2://` URI through ctx.files, which admits only the run owner's prefix.
import { R2_SCHEME } from "../../durable-objects/block-context";

export type FileInfo = {
  id: string;
  name: string;
  content_type: string;
  size: number;
  uri: string;
  created_at: string;
};

export const uploadsPrefix = (ownerId: string) => `runs/${ownerId}/uploads/`;

const info = (object: R2Object, id: string): FileInfo => ({
  id,
  name: object.customMetadata?.name ?? object.key.slice(object.key.lastIndexOf("/") + 1),
  content_type: object.httpMetadata?.contentType ?? "application/octet-stream",
  size: object.size,
  uri: `${R2_SCHEME}${object.key}`,
  created_at: object.uploaded.toISOString(),
});

/** Bytes the owner's uploads take now. */
export async function usedBytes(bucket: R2Bucket, ownerId: string): Promise<number> {
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: uploadsPrefix(ownerId), cursor });
    for (const o of page.objects) total += o.size;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return total;
}

export async function putFile(
  bucket: R2Bucket,
  ownerId: string,
  name: string,
  bytes: Uint8Array,
  contentType: string,
): Promise<FileInfo> {
  const id = crypto.randomUUID();
  const object = await bucket.put(`${uploadsPrefix(ownerId)}${id}/${name}`, bytes, {
    httpMetadata: { contentType },
    customMetadata: { name },
  });
  return info(object, id);
}

/** The owner's file with this id, or null (another user's id is not found either). */
export async function findFile(bucket: R2Bucket, ownerId: string, id: string): Promise<R2Object | null> {
  const listed = await bucket.list({
    prefix: `${uploadsPrefix(ownerId)}${id}/`,
    limit: 1,
    include: ["httpMetadata", "customMetadata"],
  });
  return listed.objects[0] ?? null;
}

export const fileInfo = info;
