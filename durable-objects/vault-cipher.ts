// The credentials vault's cipher: AES-256-GCM (WebCrypto) with a random 96-bit IV per record. The key
// comes from the CREDENTIALS_KEY secret (base64, 32 bytes); older keys still being rotated out come from
// CREDENTIALS_KEY_PREVIOUS (comma-separated). Every record stores the id of the key that encrypted it
// (a fingerprint of the key, not the key), so decryption picks the right key and rotation finds stale rows.
// The record id and owner are bound in as additional data: a ciphertext copied onto another row or another
// user's row does not decrypt. No imports, so scripts/rotate-credentials.mjs runs the same code under Node.

export type VaultKey = { id: string; key: CryptoKey };
export type Keyring = { current: VaultKey; byId: Map<string, CryptoKey> };
export type SealedSecret = { keyId: string; iv: string; ciphertext: string };

export class VaultConfigError extends Error {
  override name = "VaultConfigError";
}

const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array) => {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function importKey(base64: string, name: string): Promise<VaultKey> {
  let raw: Uint8Array;
  try {
    raw = fromBase64(base64.trim());
  } catch {
    throw new VaultConfigError(`${name} is not valid base64`);
  }
  if (raw.byteLength !== 32) throw new VaultConfigError(`${name} must be 32 bytes (base64), got ${raw.byteLength}`);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new Uint8Array([...encoder.encode("agentflare-vault-key-id:"), ...raw])),
  );
  const id = `k_${[...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
  return { id, key };
}

const cache = new Map<string, Promise<Keyring>>();

/**
 * The keyring for `CREDENTIALS_KEY` (encrypts) and `CREDENTIALS_KEY_PREVIOUS` (only decrypts), imported once
 * per isolate. Throws VaultConfigError when the current key is missing or malformed.
 * @example const ring = await keyring(env.CREDENTIALS_KEY, env.CREDENTIALS_KEY_PREVIOUS);
 */
export function keyring(current: string | undefined, previous?: string): Promise<Keyring> {
  if (!current) return Promise.reject(new VaultConfigError("CREDENTIALS_KEY is not set"));
  const cacheKey = `${current}|${previous ?? ""}`;
  let ring = cache.get(cacheKey);
  if (!ring) {
    ring = (async () => {
      const now = await importKey(current, "CREDENTIALS_KEY");
      const byId = new Map([[now.id, now.key]]);
      const older = (previous ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      for (const old of older) {
        const k = await importKey(old, "CREDENTIALS_KEY_PREVIOUS");
        if (!byId.has(k.id)) byId.set(k.id, k.key);
      }
      return { current: now, byId };
    })();
    ring.catch(() => cache.delete(cacheKey));
    cache.set(cacheKey, ring);
  }
  return ring;
}

const additionalData = (recordId: string, ownerId: string) =>
  encoder.encode(`agentflare-credential:${recordId}:${ownerId}`);

/** Encrypts a secret (any JSON) for one record under the current key. */
export async function seal(ring: Keyring, recordId: string, ownerId: string, secret: unknown): Promise<SealedSecret> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = encoder.encode(JSON.stringify(secret));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData(recordId, ownerId) },
    ring.current.key,
    data,
  );
  return { keyId: ring.current.id, iv: toBase64(iv), ciphertext: toBase64(new Uint8Array(sealed)) };
}

/** Decrypts a record's secret; throws VaultConfigError when its key is not in the keyring. */
export async function open(ring: Keyring, recordId: string, ownerId: string, sealed: SealedSecret): Promise<unknown> {
  // Records written before key ids existed (empty key_id) were written with the key of that time: try the current one.
  const key = sealed.keyId ? ring.byId.get(sealed.keyId) : ring.current.key;
  if (!key) {
    throw new VaultConfigError(
      `Credential ${recordId} was encrypted with key ${sealed.keyId}, which is neither CREDENTIALS_KEY nor in CREDENTIALS_KEY_PREVIOUS`,
    );
  }
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(sealed.iv), additionalData: additionalData(recordId, ownerId) },
    key,
    fromBase64(sealed.ciphertext),
  );
  return JSON.parse(new TextDecoder().decode(plain));
}
