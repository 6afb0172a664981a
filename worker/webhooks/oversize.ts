// A delivery over MAX_BODY_BYTES is refused by the API's body limit before any route runs, so the ingress route
// never sees it. This records that 413 for a known webhook all the same (the body is not read further: the size
// is the declared Content-Length, or for a chunked body the limit + 1, where reading stopped).
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { log } from "../log";
import { recordDeliveryById } from "./repository";

const INGRESS_PATH = /^\/api\/v1\/webhooks\/([^/]{1,100})\/ingress$/;

/** For a POST to a webhook's ingress: records the 413 after the answer (nothing when the id is unknown). */
export function recordOversizedIngress(c: Context<AppEnv>, maxSize: number, message: string): void {
  if (c.req.method !== "POST") return;
  const webhookId = INGRESS_PATH.exec(c.req.path)?.[1];
  if (!webhookId) return;
  const declared = Number(c.req.header("content-length"));
  const bodyBytes =
    c.req.header("transfer-encoding") || !Number.isSafeInteger(declared) || declared <= maxSize
      ? maxSize + 1
      : declared;
  const recorded = recordDeliveryById(c.env.DB, { webhookId, status: 413, bodyBytes, error: message }).catch((err) =>
    log(c.env, "warn", "webhook delivery not recorded", { webhook_id: webhookId, error: String(err) }),
  );
  try {
    c.executionCtx.waitUntil(recorded);
  } catch {
    // No execution context (called outside a Worker invocation): the promise still runs.
  }
}
