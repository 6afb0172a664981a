// Key rotation: re-seals every credential not yet under the current CREDENTIALS_KEY (its key_id differs),
// decrypting with whichever key of the ring wrote it. Run by `npm run credentials:rotate` (scripts/
// rotate-credentials.mjs) after CREDENTIALS_KEY became the new key and the old one moved to
// CREDENTIALS_KEY_PREVIOUS; once it reports 0 left, the old key can be dropped. Safe to run twice or
// concurrently: each row is only rewritten if it still carries the key id it was read with.
import { type Keyring, open, seal } from "../../durable-objects/vault-cipher";

type SealedRow = { id: string; owner_id: string; ciphertext: string; iv: string; key_id: string };

export type RotationReport = { rotated: number; failed: { id: string; error: string }[]; remaining: number };

/**
 * @example const report = await rotateCredentials(env.DB, await keyring(newKey, oldKey));
 */
export async function rotateCredentials(db: D1Database, ring: Keyring, batchSize = 200): Promise<RotationReport> {
  let rotated = 0;
  const failed: RotationReport["failed"] = [];
  const skip = new Set<string>();
  for (;;) {
    const { results } = await db
      .prepare("SELECT id, owner_id, ciphertext, iv, key_id FROM credentials WHERE key_id != ? ORDER BY id LIMIT ?")
      .bind(ring.current.id, batchSize + skip.size)
      .all<SealedRow>();
    const todo = results.filter((r) => !skip.has(r.id));
    if (todo.length === 0) break;
    const updates: D1PreparedStatement[] = [];
    for (const row of todo) {
      try {
        const secret = await open(ring, row.id, row.owner_id, {
          keyId: row.key_id,
          iv: row.iv,
          ciphertext: row.ciphertext,
        });
        const sealed = await seal(ring, row.id, row.owner_id, secret);
        updates.push(
          db
            .prepare("UPDATE credentials SET ciphertext = ?, iv = ?, key_id = ? WHERE id = ? AND key_id = ?")
            .bind(sealed.ciphertext, sealed.iv, sealed.keyId, row.id, row.key_id),
        );
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
  const left = await db
    .prepare("SELECT COUNT(*) AS n FROM credentials WHERE key_id != ?")
    .bind(ring.current.id)
    .first<{ n: number }>();
  return { rotated, failed, remaining: left?.n ?? 0 };
}
