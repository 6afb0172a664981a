// Webhooks in D1, scoped by owner: one per GenericWebhookTriggerBlock node of a graph, made when a version
// holding that node is saved (the same node keeps its webhook, URL and secret across versions), and one row per
// delivery. A new webhook has no secret: one made on save would be shown to nobody, so the owner makes it (and
// sees it once, POST /webhooks/:id/secret); until then every delivery is refused.
import type { GraphNode } from "../../graph/schema";
import type { WebhookAuthRow } from "./verify";

export const GENERIC_WEBHOOK_TRIGGER_ID = "8fa8c167-2002-47ce-aba8-97572fc5d387";

export type WebhookRow = WebhookAuthRow & {
  graph_id: string;
  node_id: string | null;
  graph_version: number | null;
  enabled: number;
  created_at: string;
  last_delivery_at: string | null;
  /** A preset of this graph whose inputs and credentials the runs use (migration 0010). */
  preset_id: string | null;
};

export type WebhookListRow = WebhookRow & {
  last_status: number | null;
  last_execution_id: string | null;
};

export const triggerNodes = (nodes: readonly GraphNode[]) =>
  nodes.filter((n) => n.block_id === GENERIC_WEBHOOK_TRIGGER_ID);

/**
 * Gives every trigger node of a just-saved version a webhook if it has none yet. Costs one D1 read only for
 * graphs with trigger nodes.
 * @example await syncGraphWebhooks(env, userId, graphId, version, graph.nodes);
 */
export async function syncGraphWebhooks(
  env: Env,
  ownerId: string,
  graphId: string,
  version: number,
  nodes: readonly GraphNode[],
): Promise<void> {
  const triggers = triggerNodes(nodes);
  if (triggers.length === 0) return;
  const { results } = await env.DB.prepare("SELECT node_id FROM webhooks WHERE owner_id = ? AND graph_id = ?")
    .bind(ownerId, graphId)
    .all<{ node_id: string }>();
  const have = new Set(results.map((r) => r.node_id));
  const inserts: D1PreparedStatement[] = [];
  for (const node of triggers) {
    if (have.has(node.id)) continue;
    inserts.push(
      env.DB.prepare(
        `INSERT OR IGNORE INTO webhooks (id, owner_id, graph_id, node_id, graph_version, secret_hash, secret_ciphertext)
         VALUES (?, ?, ?, ?, ?, '', NULL)`,
      ).bind(crypto.randomUUID(), ownerId, graphId, node.id, version),
    );
  }
  if (inserts.length > 0) await env.DB.batch(inserts);
}

const LIST_SELECT = `SELECT w.*, d.status AS last_status, d.execution_id AS last_execution_id FROM webhooks w
  LEFT JOIN webhook_deliveries d ON d.id = (SELECT id FROM webhook_deliveries WHERE webhook_id = w.id
    ORDER BY created_at DESC, id DESC LIMIT 1)`;

/** The owner's webhooks on graphs that still exist, newest first. */
export async function listWebhooks(db: D1Database, ownerId: string, graphId?: string): Promise<WebhookListRow[]> {
  const { results } = await db
    .prepare(
      `${LIST_SELECT} WHERE w.owner_id = ? ${graphId ? "AND w.graph_id = ?" : ""}
       AND EXISTS (SELECT 1 FROM graphs g WHERE g.id = w.graph_id AND g.owner_id = w.owner_id)
       ORDER BY w.created_at DESC, w.id DESC`,
    )
    .bind(...(graphId ? [ownerId, graphId] : [ownerId]))
    .all<WebhookListRow>();
  return results;
}

export const getWebhook = (db: D1Database, ownerId: string, id: string) =>
  db.prepare(`${LIST_SELECT} WHERE w.id = ? AND w.owner_id = ?`).bind(id, ownerId).first<WebhookListRow>();

/** Names a preset for the owner's webhook (null: none); the caller checked the preset is the owner's, of its graph. */
export const setWebhookPreset = (db: D1Database, ownerId: string, id: string, presetId: string | null) =>
  db.prepare("UPDATE webhooks SET preset_id = ? WHERE id = ? AND owner_id = ?").bind(presetId, id, ownerId).run();

export type IngressWebhook = Pick<
  WebhookRow,
  "id" | "owner_id" | "graph_id" | "node_id" | "secret_hash" | "secret_ciphertext" | "enabled" | "preset_id"
> & {
  /** The graph's active version, null when the graph is gone (deleted, or no longer its owner's). */
  active_version: number | null;
};

/**
 * What the ingress route needs, by id alone (the caller is not signed in: the secret decides): the webhook row
 * and its graph's active version in one D1 round trip, so the start path needs no version lookup of its own.
 */
export const webhookForIngress = (db: D1Database, id: string) =>
  db
    .prepare(
      `SELECT w.id, w.owner_id, w.graph_id, w.node_id, w.secret_hash, w.secret_ciphertext, w.enabled, w.preset_id,
         g.version AS active_version
       FROM webhooks w LEFT JOIN graphs g ON g.id = w.graph_id AND g.owner_id = w.owner_id AND g.is_active = 1
       WHERE w.id = ? LIMIT 1`,
    )
    .bind(id)
    .first<IngressWebhook>();

export type Delivery = {
  webhookId: string;
  ownerId: string;
  status: number;
  executionId: string | null;
  bodyBytes: number;
  error: string | null;
};

/** Records a delivery and the webhook's last delivery time (one round trip). */
export async function recordDelivery(db: D1Database, d: Delivery): Promise<void> {
  const now = new Date().toISOString();
  await db.batch([
    db
      .prepare(
        `INSERT INTO webhook_deliveries (id, webhook_id, owner_id, status, execution_id, body_bytes, error, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(crypto.randomUUID(), d.webhookId, d.ownerId, d.status, d.executionId, d.bodyBytes, d.error, now),
    db.prepare("UPDATE webhooks SET last_delivery_at = ? WHERE id = ?").bind(now, d.webhookId),
  ]);
}

export type DeliveryRow = {
  id: string;
  status: number;
  execution_id: string | null;
  body_bytes: number;
  error: string | null;
  created_at: string;
};

/** A webhook's deliveries newest first, keyset-paged by (created_at, id). */
export async function listDeliveries(
  db: D1Database,
  ownerId: string,
  webhookId: string,
  limit: number,
  after?: { created_at: string; id: string },
): Promise<DeliveryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, status, execution_id, body_bytes, error, created_at FROM webhook_deliveries
       WHERE webhook_id = ? AND owner_id = ? ${after ? "AND (created_at < ? OR (created_at = ? AND id < ?))" : ""}
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .bind(webhookId, ownerId, ...(after ? [after.created_at, after.created_at, after.id] : []), limit + 1)
    .all<DeliveryRow>();
  return results;
}
