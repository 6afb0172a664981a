// A webhook's secret: random, shown once, kept two ways in D1: its SHA-256 (a Bearer secret is checked against
// it) and AES-GCM sealed with the vault key (a signature needs the secret itself). Without CREDENTIALS_KEY a
// webhook gets no secret, so every delivery is refused until one is made.
import { open, type SealedSecret, seal, VaultConfigError } from "../../durable-objects/vault-cipher";
import { vaultKeyring } from "../../durable-objects/vault-read";
import { sha256Hex } from "../sha256";

export type StoredSecret = { secret_hash: string; secret_ciphertext: string | null };

/** 32 random bytes, hex, with a prefix that makes a leaked one easy to recognise. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The stored form of `secret` for webhook `id`; null when the vault key is not configured. */
export async function storedSecret(
  env: Env,
  id: string,
  ownerId: string,
  secret: string,
): Promise<StoredSecret | null> {
  let ring: Awaited<ReturnType<typeof vaultKeyring>>;
  try {
    ring = await vaultKeyring(env);
  } catch (err) {
    if (err instanceof VaultConfigError) return null;
    throw err;
  }
  const sealed = await seal(ring, `webhook:${id}`, ownerId, secret);
  return { secret_hash: await sha256Hex(secret), secret_ciphertext: JSON.stringify(sealed) };
}

/** Decrypted secrets by webhook id and ciphertext (a new secret has a new ciphertext, so rotation needs no flush). */
const opened = new Map<string, string>();
const OPENED_MAX = 1000;

export async function openSecret(env: Env, id: string, ownerId: string, ciphertext: string): Promise<string> {
  const key = `${id}\u0000${ciphertext}`;
  const hit = opened.get(key);
  if (hit !== undefined) return hit;
  const secret = (await open(
    await vaultKeyring(env),
    `webhook:${id}`,
    ownerId,
    JSON.parse(ciphertext) as SealedSecret,
  )) as string;
  if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value as string);
  opened.set(key, secret);
  return secret;
}
