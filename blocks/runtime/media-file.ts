// AutoGPT's store_media_file for Workers: a file given as a data URI, an http(s) URL or a reference to
// a file we already hold ends up in the run's file store (R2), and blocks pass its URI along.
import type { BlockContext } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "./block-limits";

/** Largest file a block may bring into the store (bytes) by default; `MAX_MEDIA_FILE_BYTES` sets `ctx.limits`. */
export const MAX_MEDIA_BYTES = DEFAULT_BLOCK_LIMITS.mediaFileBytes;

export type MediaReturnFormat = "uri" | "data_uri";

const DATA_URI = /^data:([^;,]*)((?:;[^;,]*)*?)(;base64)?,(.*)$/s;

/**
 * Stores `file` and returns its URI, or its content as a data URI when `returnFormat` is "data_uri".
 *
 * @example
 * await storeMediaFile(ctx, "data:text/plain;base64,SGk=", "uri"); // "r2://…/file.txt"
 */
export async function storeMediaFile(
  ctx: BlockContext,
  file: string,
  returnFormat: MediaReturnFormat,
  name = "file",
): Promise<string> {
  const maxBytes = (ctx.limits ?? DEFAULT_BLOCK_LIMITS).mediaFileBytes;
  const tooLarge = () => new Error(`File is larger than ${maxBytes} bytes (MAX_MEDIA_FILE_BYTES)`);
  const dataUri = DATA_URI.exec(file);
  if (dataUri) {
    const contentType = dataUri[1] || "text/plain";
    const payload = dataUri[4] ?? "";
    const bytes = dataUri[3] ? decodeBase64(payload) : new TextEncoder().encode(decodeURIComponent(payload));
    if (bytes.byteLength > maxBytes) throw tooLarge();
    if (returnFormat === "data_uri") return file;
    const stored = await ctx.files.put(`${name}${extensionFor(contentType)}`, bytes, contentType);
    return stored.uri;
  }

  if (/^https?:\/\//i.test(file)) {
    const response = await ctx.fetch(file, { signal: ctx.signal });
    if (!response.ok) throw new Error(`Could not download ${file}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw tooLarge();
    const contentType = response.headers.get("content-type")?.split(";")[0]?.trim() || "application/octet-stream";
    if (returnFormat === "data_uri") return toDataUri(bytes, contentType);
    const fileName = decodeURIComponent(new URL(file).pathname.split("/").pop() || name);
    const stored = await ctx.files.put(fileName, bytes, contentType);
    return stored.uri;
  }

  // Anything else must be a file the store already holds (an upload, or an earlier block's output).
  const existing = await ctx.files.get(file);
  if (!existing) throw new Error(`File not found: ${file}`);
  return returnFormat === "data_uri" ? toDataUri(existing.data, existing.contentType) : file;
}

export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  let binary: string;
  try {
    binary = atob(clean);
  } catch {
    throw new Error("Invalid base64 data");
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export const toDataUri = (bytes: Uint8Array, contentType: string) =>
  `data:${contentType};base64,${encodeBase64(bytes)}`;

const EXTENSIONS: Record<string, string> = {
  "text/plain": ".txt",
  "text/csv": ".csv",
  "text/html": ".html",
  "application/json": ".json",
  "application/pdf": ".pdf",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "image/webp": ".webp",
  "audio/mpeg": ".mp3",
  "video/mp4": ".mp4",
};

const extensionFor = (contentType: string) => EXTENSIONS[contentType] ?? "";
