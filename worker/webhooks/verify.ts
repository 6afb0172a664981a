// Is a webhook delivery from someone who holds the secret? Either `Authorization: Bearer <secret>`, or
// `X-Agentflare-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with t within the replay
// window; a signature is accepted once (kept in D1 until its window has passed), so a captured request cannot be
// sent again.
import { equalHex, hmacHex } from "../jobs/hmac";
import { sha256Hex } from "../sha256";
import { openSecret } from "./secret";

/** How far a signature's timestamp may be from now, either way. */
export const REPLAY_WINDOW_SECONDS = 300;

export type WebhookAuthRow = { id: string; owner_id: string; secret_hash: string; secret_ciphertext: string | null };

/** Refused (the 401's message), or accepted with the signature it spent (null for the Bearer form). */
export type DeliveryCheck = { refusal: string } | { refusal: null; spentSignature: string | null };

const refuse = (refusal: string): DeliveryCheck => ({ refusal });

export async function checkDelivery(
  env: Env,
  hook: WebhookAuthRow,
  headers: { authorization?: string; signature?: string },
  rawBody: string,
  nowMs = Date.now(),
): Promise<DeliveryCheck> {
  if (!hook.secret_hash)
    return refuse("This webhook has no secret yet: make one with POST /api/v1/webhooks/:id/secret");
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer)
    return equalHex(await sha256Hex(bearer), hook.secret_hash)
      ? { refusal: null, spentSignature: null }
      : refuse("Wrong secret");
  if (!headers.signature)
    return refuse("Missing secret: send Authorization: Bearer <secret> or X-Agentflare-Signature");
  const parsed = parseSignature(headers.signature);
  if (!parsed) return refuse("Malformed signature: expected t=<unix seconds>,v1=<hex>");
  const { t, v1 } = parsed;
  const now = Math.floor(nowMs / 1000);
  if (Math.abs(now - t) > REPLAY_WINDOW_SECONDS) {
    return refuse(`Signature timestamp is outside the ${REPLAY_WINDOW_SECONDS} s window`);
  }
  if (!hook.secret_ciphertext) return refuse("This webhook's secret cannot be read: make a new one");
  const secret = await openSecret(env, hook.id, hook.owner_id, hook.secret_ciphertext);
  if (!equalHex(await hmacHex(secret, `${t}.${rawBody}`), v1)) return refuse("Wrong signature");
  // First use of this signature wins; expired ones of this webhook are cleared in the same round trip.
  const [, inserted] = await env.DB.batch([
    env.DB.prepare("DELETE FROM webhook_signatures WHERE webhook_id = ? AND expires_at < ?").bind(hook.id, now),
    env.DB.prepare(
      "INSERT OR IGNORE INTO webhook_signatures (webhook_id, signature, expires_at) VALUES (?, ?, ?)",
    ).bind(hook.id, v1, t + REPLAY_WINDOW_SECONDS),
  ]);
  return inserted?.meta.changes === 1
    ? { refusal: null, spentSignature: v1 }
    : refuse("Signature already used (replay)");
}

/** `t=<unix seconds>,v1=<64 hex>` taken apart, or null when malformed. */
function parseSignature(header: string): { t: number; v1: string } | null {
  const parts = new Map(
    header.split(",").map((p) => {
      const at = p.indexOf("=");
      return [p.slice(0, at).trim(), p.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1")?.toLowerCase() ?? "";
  return Number.isInteger(t) && /^[0-9a-f]{64}$/.test(v1) ? { t, v1 } : null;
}

/**
 * Gives an accepted signature back when its delivery then started nothing (graph gone, trigger removed, a bad
 * payload, a failure of ours): the sender's identical retry is not a replay of anything and must not be refused.
 */
export async function releaseSignature(env: Env, webhookId: string, signature: string): Promise<void> {
  await env.DB.prepare("DELETE FROM webhook_signatures WHERE webhook_id = ? AND signature = ?")
    .bind(webhookId, signature)
    .run();
}
