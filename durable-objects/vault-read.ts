// Reads one credential of one owner out of the vault and decrypts it, for a block at run time (ctx.credentials)
// and for the API's own use. The key stays in the Worker's env; nothing decrypted is stored or logged.

import { and, eq, sql } from "drizzle-orm";
import type { ResolvedCredentials } from "../blocks/contract";
import { orm } from "../db/orm";
import { credentials } from "../db/schema";
import { type Keyring, keyring, open } from "./vault-cipher";

/** A `credentials` row as D1 holds it (the secret sealed); the one definition the API and the runs share. */
export type CredentialRow = {
  id: string;
  owner_id: string;
  provider: string;
  type: string;
  title: string;
  ciphertext: string;
  iv: string;
  key_id: string;
  details: string;
  created_at: string;
  updated_at: string | null;
};

/** The columns decrypting a row needs. */
export type SealedCredentialRow = Omit<CredentialRow, "created_at" | "updated_at">;

export const SEALED_COLUMNS = "id, owner_id, provider, type, title, ciphertext, iv, key_id, details";

/** The stored secret JSON per type, as the API wrote it. */
export type StoredSecret = { api_key?: string; username?: string; password?: string; headers?: Record<string, string> };

export const vaultKeyring = (env: Env) => keyring(env.CREDENTIALS_KEY, env.CREDENTIALS_KEY_PREVIOUS);

const asStrings = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
};

/** A row's stored secret JSON, decrypted. */
export const openRow = async (ring: Keyring, row: SealedCredentialRow) =>
  (await open(ring, row.id, row.owner_id, {
    keyId: row.key_id,
    iv: row.iv,
    ciphertext: row.ciphertext,
  })) as StoredSecret;

/** A row's secret in the shape blocks receive. */
export async function decryptRow(env: Env, row: SealedCredentialRow): Promise<ResolvedCredentials> {
  const stored = await openRow(await vaultKeyring(env), row);
  const details = asStrings(JSON.parse(row.details || "{}"));
  const secret =
    row.type === "host_scoped"
      ? asStrings(stored.headers)
      : row.type === "user_password"
        ? { username: stored.username ?? "", password: stored.password ?? "" }
        : stored.api_key
          ? { api_key: stored.api_key }
          : {};
  return {
    id: row.id,
    provider: row.provider,
    type: row.type,
    title: row.title,
    secret,
    ...(details.host ? { host: details.host } : {}),
    ...(details.base_url ? { base_url: details.base_url } : {}),
  };
}

/**
 * The owner's credential with this id, decrypted; null for an unknown id or another user's.
 * @example const cred = await readCredential(env, run.ownerId, input.credentials.id);
 */
export async function readCredential(env: Env, ownerId: string, id: string): Promise<ResolvedCredentials | null> {
  if (typeof id !== "string" || id === "") return null;
  const c = credentials;
  const row: SealedCredentialRow | undefined = await orm(env.DB)
    .select({
      id: c.id,
      owner_id: c.ownerId,
      provider: c.provider,
      type: c.type,
      title: c.title,
      ciphertext: c.ciphertext,
      iv: c.iv,
      key_id: c.keyId,
      // The JSON text as stored (decryptRow parses it), not the column's parsed value.
      details: sql<string>`${c.details}`,
    })
    .from(c)
    .where(and(eq(c.id, id), eq(c.ownerId, ownerId)))
    .get();
  return row ? decryptRow(env, row) : null;
}
