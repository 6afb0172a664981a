// Webhook triggers: a graph whose entry is GenericWebhookTriggerBlock gets a webhook when saved. List them, point
// one at a preset, make a new secret (shown once), list deliveries; `POST /webhooks/:id/ingress` is the public endpoint (no sign-in:
// the secret or a signature decides), rate limited per webhook.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { decodeCursor, encodeCursor } from "../db/pagination";
import type { AppEnv } from "../env";
import { ApiError, badRequest, notFound } from "../errors";
import { presetRunInputs } from "../library/presets";
import { log } from "../log";
import { requireAuth } from "../middleware/auth";
import { enforceRateLimit } from "../middleware/rate-limit";
import { ErrorBody, IdempotencyHeaders, json, security } from "../openapi";
import { newRouter } from "../router";
import { acceptDelivery } from "../webhooks/ingress";
import {
  getWebhook,
  listDeliveries,
  listWebhooks,
  recordDelivery,
  setWebhookPreset,
  type WebhookListRow,
  webhookForIngress,
} from "../webhooks/repository";
import {
  DeliveryPage,
  IngressAccepted,
  IngressQuery,
  IngressResult,
  WebhookList,
  WebhookSecret,
  WebhookUpdate,
  WebhookView,
} from "../webhooks/schema";
import { newWebhookSecret, storedSecret } from "../webhooks/secret";

const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});

const list = createRoute({
  method: "get",
  path: "/webhooks",
  tags: ["webhooks"],
  summary: "The caller's webhooks (one per webhook trigger node of a saved graph)",
  security,
  middleware: [requireAuth("read")] as const,
  request: { query: z.object({ graph_id: z.string().max(100).optional().describe("Only this graph's") }) },
  responses: { 200: json(WebhookList, "Webhooks"), 401: json(ErrorBody, "Not authenticated") },
});
const update = createRoute({
  method: "patch",
  path: "/webhooks/{id}",
  tags: ["webhooks"],
  summary: "Point the webhook at one of your presets of its graph (its runs use the preset's inputs), or none",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam, body: { content: { "application/json": { schema: WebhookUpdate } }, required: true } },
  responses: {
    200: json(WebhookView, "The webhook"),
    400: json(ErrorBody, "No such preset of yours for this webhook's graph (details path `preset_id`)"),
    404: json(ErrorBody, "No such webhook"),
  },
});
const rotate = createRoute({
  method: "post",
  path: "/webhooks/{id}/secret",
  tags: ["webhooks"],
  summary: "Make a new secret for the webhook (shown once; the old one stops working)",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: {
    200: json(WebhookSecret, "The new secret"),
    404: json(ErrorBody, "No such webhook"),
    503: json(ErrorBody, "CREDENTIALS_KEY is not configured"),
  },
});
const deliveries = createRoute({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  tags: ["webhooks"],
  summary: "The webhook's deliveries, newest first",
  security,
  middleware: [requireAuth("read")] as const,
  request: {
    params: IdParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().optional(),
    }),
  },
  responses: { 200: json(DeliveryPage, "Deliveries"), 404: json(ErrorBody, "No such webhook") },
});
const ingress = createRoute({
  method: "post",
  path: "/webhooks/{id}/ingress",
  tags: ["webhooks"],
  summary:
    'Deliver to a webhook: `Authorization: Bearer <secret>` or `X-Agentflare-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (5-minute window, once)',
  request: { params: IdParam, query: IngressQuery, headers: IdempotencyHeaders },
  responses: {
    200: json(IngressResult, "With ?wait=: the finished run and its outputs"),
    202: json(IngressAccepted, "The run started"),
    400: json(ErrorBody, "Malformed JSON, or the graph cannot start"),
    401: json(ErrorBody, "Missing or wrong secret or signature, or a replayed signature"),
    404: json(ErrorBody, "No such webhook, or its graph was deleted"),
    410: json(ErrorBody, "The graph's active version has no trigger node for this webhook"),
    413: json(ErrorBody, "Body over MAX_BODY_BYTES"),
    429: json(ErrorBody, "Over WEBHOOK_RATE_LIMIT_PER_MINUTE"),
  },
});

const ingressUrl = (c: Context<AppEnv>, id: string) => `${new URL(c.req.url).origin}/api/v1/webhooks/${id}/ingress`;

const view = (c: Context<AppEnv>, row: WebhookListRow): WebhookView => ({
  id: row.id,
  graph_id: row.graph_id,
  node_id: row.node_id,
  url: ingressUrl(c, row.id),
  created_at: row.created_at,
  has_secret: row.secret_hash !== "",
  preset_id: row.preset_id ?? null,
  last_delivery: row.last_delivery_at
    ? { at: row.last_delivery_at, status: row.last_status, execution_id: row.last_execution_id }
    : null,
});

export const webhookRoutes = newRouter();

webhookRoutes.openapi(list, async (c) => {
  const rows = await listWebhooks(c.env.DB, c.get("auth").userId, c.req.valid("query").graph_id);
  return c.json({ items: rows.map((r) => view(c, r)) }, 200);
});

webhookRoutes.openapi(update, async (c) => {
  const { userId } = c.get("auth");
  const { id } = c.req.valid("param");
  const { preset_id } = c.req.valid("json");
  const hook = await getWebhook(c.env.DB, userId, id);
  if (!hook) throw notFound("Webhook");
  if (preset_id) await requirePresetOf(c.env.DB, userId, preset_id, hook.graph_id);
  await setWebhookPreset(c.env.DB, userId, id, preset_id);
  return c.json(view(c, { ...hook, preset_id }), 200);
});

/** 400 on `preset_id` unless it is the owner's preset of this graph (someone else's reads as unknown). */
async function requirePresetOf(db: D1Database, ownerId: string, presetId: string, graphId: string) {
  try {
    await presetRunInputs(db, ownerId, presetId, graphId);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    throw badRequest("No such preset for this webhook's graph", [
      { path: "preset_id", message: "Not one of your presets of this graph" },
    ]);
  }
}

webhookRoutes.openapi(rotate, async (c) => {
  const { userId } = c.get("auth");
  const { id } = c.req.valid("param");
  if (!(await getWebhook(c.env.DB, userId, id))) throw notFound("Webhook");
  const secret = newWebhookSecret();
  const stored = await storedSecret(c.env, id, userId, secret);
  if (!stored)
    throw new ApiError(503, "vault_unavailable", "CREDENTIALS_KEY is not configured: webhook secrets need it");
  await c.env.DB.prepare("UPDATE webhooks SET secret_hash = ?, secret_ciphertext = ? WHERE id = ? AND owner_id = ?")
    .bind(stored.secret_hash, stored.secret_ciphertext, id, userId)
    .run();
  c.header("Cache-Control", "no-store");
  return c.json({ secret }, 200);
});

webhookRoutes.openapi(deliveries, async (c) => {
  const { userId } = c.get("auth");
  const { id } = c.req.valid("param");
  const { limit, cursor } = c.req.valid("query");
  if (!(await getWebhook(c.env.DB, userId, id))) throw notFound("Webhook");
  const rows = await listDeliveries(c.env.DB, userId, id, limit, cursor ? decodeCursor(cursor) : undefined);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const next = rows.length > limit && last ? encodeCursor({ created_at: last.created_at, id: last.id }) : null;
  return c.json({ items, next_cursor: next }, 200);
});

webhookRoutes.openapi(ingress, async (c) => {
  const { id } = c.req.valid("param");
  const hook = await webhookForIngress(c.env.DB, id);
  if (!hook) throw notFound("Webhook");
  const rawBody = await c.req.text();
  const bodyBytes = new TextEncoder().encode(rawBody).byteLength;
  // Recorded after the answer: a delivery's bookkeeping never delays the run or the sender.
  const record = (status: number, executionId: string | null, error: string | null) =>
    c.executionCtx.waitUntil(
      recordDelivery(c.env.DB, { webhookId: id, ownerId: hook.owner_id, status, executionId, bodyBytes, error }).catch(
        (err) => log(c.env, "warn", "webhook delivery not recorded", { webhook_id: id, error: String(err) }),
      ),
    );
  try {
    await enforceRateLimit(c, `webhook:${id}`, c.env.WEBHOOK_RATE_LIMIT_PER_MINUTE);
    const { executionId, run, recordedByRun } = await acceptDelivery(c.env, hook, {
      rawBody,
      contentType: c.req.header("content-type"),
      authorization: c.req.header("authorization"),
      signature: c.req.header("x-agentflare-signature"),
      idempotencyKey: c.req.header("idempotency-key"),
      waitSeconds: c.req.valid("query").wait,
      bodyBytes,
    });
    if (!recordedByRun) record(run ? 200 : 202, executionId, null);
    if (run) return c.json({ ...run, execution_id: executionId }, 200);
    return c.json({ execution_id: executionId }, 202);
  } catch (err) {
    if (err instanceof ApiError) record(err.status, null, err.message);
    throw err;
  }
});
