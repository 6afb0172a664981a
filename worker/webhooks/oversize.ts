// A delivery over MAX_BODY_BYTES is refused by the API's body limit before any route runs, so the ingress route
// never sees it. For a known webhook this does what the route does for any delivery, without reading the body
// further: it takes a token of the webhook's rate limit (WEBHOOK_RATE_LIMIT_PER_MINUTE; past it the answer is
// the route's 429, so oversized bodies are no free way to hammer a webhook) and records the refusal (the size is
// the declared Content-Length, or for a chunked body the limit + 1, where reading stopped).
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { log } from "../log";
import { enforceRateLimit } from "../middleware/rate-limit";
import { recordDelivery } from "./repository";

const INGRESS_PATH = /^\/api\/v1\/webhooks\/([^/]{1,100})\/ingress$/;

/**
 * For a POST to a known webhook's ingress: counts it against the webhook's rate limit and records it after the
 * answer. Throws the 429 when the limit is spent; returns (the caller answers 413) otherwise, or when the
 * request is not a delivery to a known webhook.
 * @example onError: async () => { await refuseOversizedIngress(c, maxSize, message); throw tooLarge(message); }
 */
export async function refuseOversizedIngress(c: Context<AppEnv>, maxSize: number, message: string): Promise<void> {
  if (c.req.method !== "POST") return;
  const webhookId = INGRESS_PATH.exec(c.req.path)?.[1];
  if (!webhookId) return;
  const hook = await c.env.DB.prepare("SELECT owner_id FROM webhooks WHERE id = ?")
    .bind(webhookId)
    .first<{ owner_id: string }>();
  if (!hook) return;
  const declared = Number(c.req.header("content-length"));
  const bodyBytes =
    c.req.header("transfer-encoding") || !Number.isSafeInteger(declared) || declared <= maxSize
      ? maxSize + 1
      : declared;
  const record = (status: number, error: string) => {
    const recorded = recordDelivery(c.env.DB, {
      webhookId,
      ownerId: hook.owner_id,
      status,
      executionId: null,
      bodyBytes,
      error,
    }).catch((err) =>
      log(c.env, "warn", "webhook delivery not recorded", { webhook_id: webhookId, error: String(err) }),
    );
    try {
      c.executionCtx.waitUntil(recorded);
    } catch {
      // No execution context (called outside a Worker invocation): the promise still runs.
    }
  };
  try {
    await enforceRateLimit(c, `webhook:${webhookId}`, c.env.WEBHOOK_RATE_LIMIT_PER_MINUTE);
  } catch (err) {
    if (err instanceof ApiError) record(err.status, err.message);
    throw err;
  }
  record(413, message);
}
