// Listing images: a data URL in the submission body → bytes checked by their signature (not the claimed
// type) and size (STORE_IMAGE_MAX_BYTES) → R2 under store-images/. Served publicly by the store routes.
import { badRequest, tooLarge } from "../errors";
import { sniffContentType } from "../files/sniff";

const ALLOWED: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
};
const PREFIX = "store-images/";
const KEY = /^[0-9a-f-]{36}\.(png|jpg|webp|gif)$/;

export const imageMaxBytes = (env: Pick<Env, "STORE_IMAGE_MAX_BYTES">) =>
  Number(env.STORE_IMAGE_MAX_BYTES ?? 524_288) || 524_288;

function decodeBase64(text: string): Uint8Array {
  try {
    const binary = atob(text.replace(/\s+/g, ""));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    throw badRequest("Invalid image", [{ path: "image", message: "not valid base64" }]);
  }
}

/** Checks and stores an image data URL; returns its key (the name in image URLs). */
export async function putListingImage(env: Env, dataUrl: string): Promise<string> {
  const comma = dataUrl.indexOf(",");
  const bytes = decodeBase64(dataUrl.slice(comma + 1));
  const max = imageMaxBytes(env);
  if (bytes.byteLength > max) throw tooLarge(`The image is ${bytes.byteLength} bytes; at most ${max} are allowed`);
  const type = sniffContentType(bytes, "application/octet-stream");
  const ext = ALLOWED[type];
  if (!ext) throw badRequest("Invalid image", [{ path: "image", message: "must be a PNG, JPEG, WebP or GIF image" }]);
  const key = `${crypto.randomUUID()}.${ext}`;
  await env.FILES.put(PREFIX + key, bytes, { httpMetadata: { contentType: type } });
  return key;
}

export async function deleteListingImage(env: Env, key: string | null): Promise<void> {
  if (key && KEY.test(key)) await env.FILES.delete(PREFIX + key);
}

/** The stored image, or null (unknown or malformed key). */
export async function getListingImage(env: Env, key: string): Promise<R2ObjectBody | null> {
  if (!KEY.test(key)) return null;
  return env.FILES.get(PREFIX + key);
}

export const imageUrl = (key: string | null) => (key ? `/api/v1/store/images/${key}` : null);
