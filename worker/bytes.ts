// Bytes as text: lowercase hex (digests, MACs) and unpadded base64url (random tokens that travel in URLs and headers).

/** @example toHex(await crypto.subtle.digest("SHA-256", data)) // 64 hex characters */
export const toHex = (bytes: ArrayBuffer | Uint8Array): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** @example toBase64url(crypto.getRandomValues(new Uint8Array(24))) // 32 URL-safe characters */
export const toBase64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
