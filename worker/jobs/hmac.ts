// HMAC-SHA256 (WebCrypto) as lowercase hex, and a constant-time comparison of hex strings.
import { BoundedCache } from "../../engine/bounded-cache";
import { toHex } from "../bytes";

const keys = new BoundedCache<string, Promise<CryptoKey>>({ max: 1000 });

const keyFor = (secret: string) => {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    keys.set(secret, key);
  }
  return key;
};

export async function hmacHex(secret: string, message: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await keyFor(secret), new TextEncoder().encode(message));
  return toHex(mac);
}

export function equalHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
