// Key rotation: re-seals every secret not yet under the current CREDENTIALS_KEY, decrypting with whichever key of
// the ring wrote it: the vault's credentials (key id in a column) and webhook secrets (the sealed JSON in
// `webhooks.secret_ciphertext` carries its key id). Run by `npm run credentials:rotate` (scripts/
// rotate-credentials.mjs) after CREDENTIALS_KEY became the new key and the old one moved to
// CREDENTIALS_KEY_PREVIOUS; once it reports 0 left, the old key can be dropped. Safe to run twice or
// concurrently: each row is only rewritten if it still holds what it was read with (a webhook secret made anew
// meanwhile is not overwritten). `rotationStep` does a bounded part of a pass (at most `limit` rows, id order,
// from a cursor): the deployed Worker runs it per call of `POST /api/v1/admin/credentials/rotate`, within a
// Worker invocation's subrequest and CPU limits; `rotateCredentials` runs steps until the pass is over.
import { type Keyring, open, type SealedSecret, seal } from "../../durable-objects/vault-cipher";

export type RotationCount = { rotated: number; failed: { id: string; error: string }[]; remaining: number };

/** Totals over both kinds, and each kind on its own. */
export type RotationReport = RotationCount & { credentials: RotationCount; webhook_secrets: RotationCount };

/**
 * One kind of sealed row: how to find the rows not under `keyId` with an id after `after` ("" for all), count
 * them, open, and write one back.
 */
type SealedKind<Row extends { id: string }> = {
  pending: (db: D1Database, keyId: string, after: string, limit: number) => Promise<Row[]>;
  remaining: (db: D1Database, keyId: string, after: string) => Promise<number>;
  reseal: (db: D1Database, ring: Keyring, row: Row) => Promise<D1PreparedStatement>;
};

type CredentialRow = { id: string; owner_id: string; ciphertext: string; iv: string; key_id: string };
type WebhookSecretRow = { id: string; owner_id: string; secret_ciphertext: string };

const count = async (stmt: D1PreparedStatement) => (await stmt.first<{ n: number }>())?.n ?? 0;

const credentials: SealedKind<CredentialRow> = {
  pending: async (db, keyId, after, limit) =>
    (
      await db
        .prepare(
          "SELECT id, owner_id, ciphertext, iv, key_id FROM credentials WHERE key_id != ? AND id > ? ORDER BY id LIMIT ?",
        )
        .bind(keyId, after, limit)
        .all<CredentialRow>()
    ).results,
  remaining: (db, keyId, after) =>
    count(db.prepare("SELECT COUNT(*) AS n FROM credentials WHERE key_id != ? AND id > ?").bind(keyId, after)),
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
  pending: async (db, keyId, after, limit) =>
    (
      await db
        .prepare(
          `SELECT id, owner_id, secret_ciphertext FROM webhooks WHERE ${WEBHOOK_PENDING} AND id > ? ORDER BY id LIMIT ?`,
        )
        .bind(keyId, after, limit)
        .all<WebhookSecretRow>()
    ).results,
  remaining: (db, keyId, after) =>
    count(db.prepare(`SELECT COUNT(*) AS n FROM webhooks WHERE ${WEBHOOK_PENDING} AND id > ?`).bind(keyId, after)),
  reseal: async (db, ring, row) => {
    const recordId = `webhook:${row.id}`;
    const secret = await open(ring, recordId, row.owner_id, JSON.parse(row.secret_ciphertext) as SealedSecret);
    const sealed = await seal(ring, recordId, row.owner_id, secret);
    return db
      .prepare("UPDATE webhooks SET secret_ciphertext = ? WHERE id = ? AND secret_ciphertext = ?")
      .bind(JSON.stringify(sealed), row.id, row.secret_ciphertext);
  },
};

/** The kinds of sealed rows, in the order a pass goes over them. */
export const ROTATION_KINDS = ["credentials", "webhook_secrets"] as const;
export type RotationKind = (typeof ROTATION_KINDS)[number];

/** What going over one kind's next rows did. */
type KindStep = { reencrypted: number; failed: RotationCount["failed"]; last: string | undefined; seen: number };

/** A kind with its row type left inside: what a step needs of it. */
type Kind = {
  goOver: (db: D1Database, ring: Keyring, after: string, limit: number) => Promise<KindStep>;
  remaining: (db: D1Database, keyId: string, after: string) => Promise<number>;
};

/** At most this many UPDATEs per D1 batch. */
const WRITE_BATCH = 100;

function kindOf<Row extends { id: string }>(kind: SealedKind<Row>): Kind {
  return {
    remaining: kind.remaining,
    goOver: async (db, ring, after, limit) => {
      const rows = await kind.pending(db, ring.current.id, after, limit);
      const updates: D1PreparedStatement[] = [];
      const failed: RotationCount["failed"] = [];
      for (const row of rows) {
        try {
          updates.push(await kind.reseal(db, ring, row));
        } catch (err) {
          failed.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
        }
      }
      let reencrypted = 0;
      for (let i = 0; i < updates.length; i += WRITE_BATCH) {
        const results = await db.batch(updates.slice(i, i + WRITE_BATCH));
        reencrypted += results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
      }
      return { reencrypted, failed, last: rows.at(-1)?.id, seen: rows.length };
    },
  };
}

const KINDS: Record<RotationKind, Kind> = { credentials: kindOf(credentials), webhook_secrets: kindOf(webhookSecrets) };

/** Where a pass is: per kind, the last id it went over (ids after it come next). */
export type RotationCursor = Partial<Record<RotationKind, string>>;

/** What one bounded step did, per kind. */
export type RotationStep = {
  reencrypted: Record<RotationKind, number>;
  /** Rows of this step that could not be re-sealed (their key is in neither variable): they keep their key. */
  failed: Record<RotationKind, RotationCount["failed"]>;
  /** Rows still under an old key that this pass has not gone over yet (0 everywhere: the pass is over). */
  remaining: Record<RotationKind, number>;
  /** Where the next step goes on; null when the pass is over. */
  next: RotationCursor | null;
};

/**
 * Re-seals at most `limit` rows still under an old key, credentials first, from `after` on (id order); rows that
 * fail are passed over, so a pass ends even when some secret's key is gone.
 * @example let step = await rotationStep(env.DB, ring, 100); while (step.next) step = await rotationStep(env.DB, ring, 100, step.next);
 */
export async function rotationStep(
  db: D1Database,
  ring: Keyring,
  limit: number,
  after: RotationCursor = {},
): Promise<RotationStep> {
  const step: RotationStep = {
    reencrypted: { credentials: 0, webhook_secrets: 0 },
    failed: { credentials: [], webhook_secrets: [] },
    remaining: { credentials: 0, webhook_secrets: 0 },
    next: null,
  };
  const cursor: RotationCursor = { ...after };
  let budget = limit;
  for (const name of ROTATION_KINDS) {
    const kind = KINDS[name];
    if (budget > 0) {
      const done = await kind.goOver(db, ring, cursor[name] ?? "", budget);
      budget -= done.seen;
      step.reencrypted[name] = done.reencrypted;
      step.failed[name] = done.failed;
      if (done.last) cursor[name] = done.last;
    }
    step.remaining[name] = await kind.remaining(db, ring.current.id, cursor[name] ?? "");
  }
  if (ROTATION_KINDS.some((name) => step.remaining[name] > 0)) step.next = cursor;
  return step;
}

/**
 * A whole pass, in steps of `batchSize` rows; `remaining` counts every row still under an old key after it.
 * @example const report = await rotateCredentials(env.DB, await keyring(newKey, oldKey));
 */
export async function rotateCredentials(db: D1Database, ring: Keyring, batchSize = 200): Promise<RotationReport> {
  const totals = { credentials: newCount(), webhook_secrets: newCount() };
  let after: RotationCursor | null = {};
  while (after) {
    const step: RotationStep = await rotationStep(db, ring, batchSize, after);
    for (const name of ROTATION_KINDS) {
      totals[name].rotated += step.reencrypted[name];
      totals[name].failed.push(...step.failed[name]);
    }
    after = step.next;
  }
  for (const name of ROTATION_KINDS) totals[name].remaining = await KINDS[name].remaining(db, ring.current.id, "");
  const { credentials: creds, webhook_secrets: hooks } = totals;
  return {
    rotated: creds.rotated + hooks.rotated,
    failed: [...creds.failed, ...hooks.failed],
    remaining: creds.remaining + hooks.remaining,
    credentials: creds,
    webhook_secrets: hooks,
  };
}

const newCount = (): RotationCount => ({ rotated: 0, failed: [], remaining: 0 });
