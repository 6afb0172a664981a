import { toHex } from "./bytes";

/**
 * Lower-case hex SHA-256 of a text (64 characters), via WebCrypto.
 * @example const etag = `"${(await sha256Hex(body)).slice(0, 32)}"`;
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return toHex(digest);
}
