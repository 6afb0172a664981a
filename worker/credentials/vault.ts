// The credentials vault in D1: create, list, read, change and delete one owner's credentials. Secrets are
// sealed (durable-objects/vault-cipher.ts) before they reach D1 and never leave this module decrypted except
// to be re-sealed. Every query filters on the owner: someone else's credential is "not found".

import { seal, VaultConfigError } from "../../durable-objects/vault-cipher";
import {
  openRow,
  type CredentialRow as Row,
  SEALED_COLUMNS,
  type SealedCredentialRow,
  type StoredSecret,
  vaultKeyring,
} from "../../durable-objects/vault-read";
import { ApiError, badRequest, notFound } from "../errors";
import type { CredentialInfo, CredentialPatch, NewCredential } from "./shapes";
import { SELF_HOSTED } from "./shapes";

type Details = { host?: string; base_url?: string; header_names?: string[] };

const COLUMNS = "id, owner_id, provider, type, title, ciphertext, iv, key_id, details, created_at, updated_at";

/** The vault needs CREDENTIALS_KEY; without it (or with a broken one) the API says so instead of a bare 500. */
async function ringOf(env: Env) {
  try {
    return await vaultKeyring(env);
  } catch (err) {
    if (err instanceof VaultConfigError) throw new ApiError(503, "vault_unavailable", err.message);
    throw err;
  }
}

function split(c: NewCredential): { secret: StoredSecret; details: Details } {
  if (c.type === "api_key") {
    return { secret: c.api_key ? { api_key: c.api_key } : {}, details: c.base_url ? { base_url: c.base_url } : {} };
  }
  if (c.type === "user_password") return { secret: { username: c.username, password: c.password }, details: {} };
  return { secret: { headers: c.headers }, details: { host: c.host, header_names: Object.keys(c.headers) } };
}

export function infoOf(row: Row): CredentialInfo {
  const details = JSON.parse(row.details || "{}") as Details;
  return {
    id: row.id,
    provider: row.provider,
    type: row.type as CredentialInfo["type"],
    title: row.title,
    created_at: row.created_at,
    updated_at: row.updated_at,
    ...(details.host ? { host: details.host } : {}),
    ...(details.base_url ? { base_url: details.base_url } : {}),
    ...(details.header_names ? { header_names: details.header_names } : {}),
  };
}

const defaultTitle = (c: NewCredential) =>
  c.type === "host_scoped" ? `${c.host} headers` : `${c.provider} ${c.type.replace("_", " ")}`;

/** @example const info = await createCredential(env, userId, { provider: "openai", type: "api_key", api_key }) */
export async function createCredential(env: Env, ownerId: string, c: NewCredential): Promise<CredentialInfo> {
  const ring = await ringOf(env);
  const id = crypto.randomUUID();
  const { secret, details } = split(c);
  const sealed = await seal(ring, id, ownerId, secret);
  const row = await env.DB.prepare(
    `INSERT INTO credentials (id, owner_id, provider, type, title, ciphertext, iv, key_id, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
  )
    .bind(
      id,
      ownerId,
      c.provider,
      c.type,
      c.title ?? defaultTitle(c),
      sealed.ciphertext,
      sealed.iv,
      sealed.keyId,
      JSON.stringify(details),
    )
    .first<Row>();
  if (!row) throw new Error("credential insert returned no row");
  return infoOf(row);
}

/** The owner's credentials, newest first (metadata only). */
export async function listCredentials(env: Env, ownerId: string, provider?: string): Promise<CredentialInfo[]> {
  const { results } = await env.DB.prepare(
    `SELECT ${COLUMNS} FROM credentials WHERE owner_id = ?${provider ? " AND provider = ?" : ""} ORDER BY created_at DESC, id DESC LIMIT 1000`,
  )
    .bind(...(provider ? [ownerId, provider] : [ownerId]))
    .all<Row>();
  return results.map(infoOf);
}

async function ownRow(env: Env, ownerId: string, id: string): Promise<Row> {
  const row = await env.DB.prepare(`SELECT ${COLUMNS} FROM credentials WHERE id = ? AND owner_id = ?`)
    .bind(id, ownerId)
    .first<Row>();
  if (!row) throw notFound("Credential");
  return row;
}

export const getCredential = async (env: Env, ownerId: string, id: string) => infoOf(await ownRow(env, ownerId, id));

/** Fields a PATCH may carry per type. */
const PATCHABLE: Record<string, ReadonlyArray<keyof CredentialPatch>> = {
  api_key: ["title", "api_key", "base_url"],
  user_password: ["title", "username", "password"],
  host_scoped: ["title", "host", "headers"],
};

/** Renames and/or replaces secret fields; the record is re-sealed under the current key. */
export async function updateCredential(
  env: Env,
  ownerId: string,
  id: string,
  patch: CredentialPatch,
): Promise<CredentialInfo> {
  const row = await ownRow(env, ownerId, id);
  const allowed = PATCHABLE[row.type] ?? ["title"];
  const wrong = Object.keys(patch).filter((k) => !allowed.includes(k as keyof CredentialPatch));
  if (wrong.length > 0) {
    throw badRequest(
      "Invalid request body",
      wrong.map((k) => ({ path: k, message: `A ${row.type} credential has no field ${k}` })),
    );
  }
  if (patch.base_url && !SELF_HOSTED.has(row.provider))
    throw badRequest("Invalid request body", [
      { path: "base_url", message: "base_url is only for ollama and openai_compatible" },
    ]);
  const ring = await ringOf(env);
  const secret = await openRow(ring, row);
  const details = JSON.parse(row.details || "{}") as Details;
  if (patch.api_key !== undefined) secret.api_key = patch.api_key;
  if (patch.username !== undefined) secret.username = patch.username;
  if (patch.password !== undefined) secret.password = patch.password;
  if (patch.headers !== undefined) {
    secret.headers = patch.headers;
    details.header_names = Object.keys(patch.headers);
  }
  if (patch.host !== undefined) details.host = patch.host;
  if (patch.base_url !== undefined) details.base_url = patch.base_url;
  const sealed = await seal(ring, row.id, row.owner_id, secret);
  const updated = await env.DB.prepare(
    `UPDATE credentials SET title = ?, ciphertext = ?, iv = ?, key_id = ?, details = ?,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
     WHERE id = ? AND owner_id = ? RETURNING ${COLUMNS}`,
  )
    .bind(
      patch.title ?? row.title,
      sealed.ciphertext,
      sealed.iv,
      sealed.keyId,
      JSON.stringify(details),
      row.id,
      ownerId,
    )
    .first<Row>();
  if (!updated) throw notFound("Credential");
  return infoOf(updated);
}

export async function deleteCredential(env: Env, ownerId: string, id: string): Promise<void> {
  const result = await env.DB.prepare("DELETE FROM credentials WHERE id = ? AND owner_id = ?").bind(id, ownerId).run();
  if (!result.meta.changes) throw notFound("Credential");
}

/** Several of the owner's credentials by id, sealed (missing ids are absent from the map). */
export async function sealedCredentials(
  db: D1Database,
  ownerId: string,
  ids: readonly string[],
): Promise<Map<string, SealedCredentialRow>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, SealedCredentialRow>();
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < unique.length; i += 90) {
    const chunk = unique.slice(i, i + 90);
    const { results } = await db
      .prepare(
        `SELECT ${SEALED_COLUMNS} FROM credentials WHERE owner_id = ? AND id IN (${chunk.map(() => "?").join(", ")})`,
      )
      .bind(ownerId, ...chunk)
      .all<SealedCredentialRow>();
    for (const r of results) found.set(r.id, r);
  }
  return found;
}
