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

/** Constant-time (for equal lengths) comparison of two hex strings, through the runtime's timingSafeEqual. */
export function equalHex(a: string, b: string): boolean {
  const encoder = new TextEncoder();
  const [x, y] = [encoder.encode(a), encoder.encode(b)];
  // timingSafeEqual throws on different lengths (a presented value may hold any characters): unequal, not an error.
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y);
}
