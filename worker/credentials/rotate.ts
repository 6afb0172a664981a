// Key rotation: re-seals every secret not yet under the current CREDENTIALS_KEY, decrypting with whichever key of
// the ring wrote it: the vault's credentials (key id in a column) and webhook secrets (the sealed JSON in
// `webhooks.secret_ciphertext` carries its key id). Run by `npm run credentials:rotate` (scripts/
// rotate-credentials.mjs) after CREDENTIALS_KEY became the new key and the old one moved to
// CREDENTIALS_KEY_PREVIOUS; once it reports 0 left, the old key can be dropped. Safe to run twice or
// concurrently: each row is only rewritten if it still holds what it was read with (a webhook secret made anew
// meanwhile is not overwritten).
import { type Keyring, open, type SealedSecret, seal } from "../../durable-objects/vault-cipher";

export type RotationCount = { rotated: number; failed: { id: string; error: string }[]; remaining: number };

/** Totals over both kinds, and each kind on its own. */
export type RotationReport = RotationCount & { credentials: RotationCount; webhook_secrets: RotationCount };

/** One kind of sealed row: how to find the rows not under `keyId`, count them, open, and write one back. */
type SealedKind<Row extends { id: string }> = {
  pending: (db: D1Database, keyId: string, limit: number) => Promise<Row[]>;
  remaining: (db: D1Database, keyId: string) => Promise<number>;
  reseal: (db: D1Database, ring: Keyring, row: Row) => Promise<D1PreparedStatement>;
};

type CredentialRow = { id: string; owner_id: string; ciphertext: string; iv: string; key_id: string };
type WebhookSecretRow = { id: string; owner_id: string; secret_ciphertext: string };

const count = async (stmt: D1PreparedStatement) => (await stmt.first<{ n: number }>())?.n ?? 0;

const credentials: SealedKind<CredentialRow> = {
  pending: async (db, keyId, limit) =>
    (
      await db
        .prepare("SELECT id, owner_id, ciphertext, iv, key_id FROM credentials WHERE key_id != ? ORDER BY id LIMIT ?")
        .bind(keyId, limit)
        .all<CredentialRow>()
    ).results,
  remaining: (db, keyId) => count(db.prepare("SELECT COUNT(*) AS n FROM credentials WHERE key_id != ?").bind(keyId)),
  reseal: async (db, ring, row) => {
    const secret = await open(ring, row.id, row.owner_id, {
      keyId: row.key_id,
      iv: row.iv,
      ciphertext: row.ciphertext,
    });
    const sealed = await seal(ring, row.id, row.owner_id, secret);
    return db
      .prepare("UPDATE credentials SET ciphertext = ?, iv = ?, key_id = ? WHERE id = ? AND key_id = ?")
      .bind(sealed.ciphertext, sealed.iv, sealed.keyId, row.id, row.key_id);
  },
};

// Webhook secrets are sealed under the record id `webhook:<id>` (worker/webhooks/secret.ts). A webhook made
// without CREDENTIALS_KEY has no ciphertext and nothing to rotate.
const WEBHOOK_PENDING = "secret_ciphertext IS NOT NULL AND IFNULL(json_extract(secret_ciphertext, '$.keyId'), '') != ?";
const webhookSecrets: SealedKind<WebhookSecretRow> = {
  pending: async (db, keyId, limit) =>
    (
      await db
        .prepare(`SELECT id, owner_id, secret_ciphertext FROM webhooks WHERE ${WEBHOOK_PENDING} ORDER BY id LIMIT ?`)
        .bind(keyId, limit)
        .all<WebhookSecretRow>()
    ).results,
  remaining: (db, keyId) =>
    count(db.prepare(`SELECT COUNT(*) AS n FROM webhooks WHERE ${WEBHOOK_PENDING}`).bind(keyId)),
  reseal: async (db, ring, row) => {
    const recordId = `webhook:${row.id}`;
    const secret = await open(ring, recordId, row.owner_id, JSON.parse(row.secret_ciphertext) as SealedSecret);
    const sealed = await seal(ring, recordId, row.owner_id, secret);
    return db
      .prepare("UPDATE webhooks SET secret_ciphertext = ? WHERE id = ? AND secret_ciphertext = ?")
      .bind(JSON.stringify(sealed), row.id, row.secret_ciphertext);
  },
};

async function rotateKind<Row extends { id: string }>(
  db: D1Database,
  ring: Keyring,
  kind: SealedKind<Row>,
  batchSize: number,
): Promise<RotationCount> {
  let rotated = 0;
  const failed: RotationCount["failed"] = [];
  const skip = new Set<string>();
  for (;;) {
    const todo = (await kind.pending(db, ring.current.id, batchSize + skip.size)).filter((r) => !skip.has(r.id));
    if (todo.length === 0) break;
    const updates: D1PreparedStatement[] = [];
    for (const row of todo) {
      try {
        updates.push(await kind.reseal(db, ring, row));
      } catch (err) {
        skip.add(row.id);
        failed.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (updates.length > 0) {
      const results = await db.batch(updates);
      rotated += results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
    }
    if (updates.length === 0 && todo.length < batchSize) break;
  }
  return { rotated, failed, remaining: await kind.remaining(db, ring.current.id) };
}

/**
 * @example const report = await rotateCredentials(env.DB, await keyring(newKey, oldKey));
 */
export async function rotateCredentials(db: D1Database, ring: Keyring, batchSize = 200): Promise<RotationReport> {
  const creds = await rotateKind(db, ring, credentials, batchSize);
  const hooks = await rotateKind(db, ring, webhookSecrets, batchSize);
  return {
    rotated: creds.rotated + hooks.rotated,
    failed: [...creds.failed, ...hooks.failed],
    remaining: creds.remaining + hooks.remaining,
    credentials: creds,
    webhook_secrets: hooks,
  };
}
