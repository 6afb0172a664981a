// Notifications (run finished, review needed), newest first; mark one or all read. Also pushed live on the
// user's /api/v1/ws socket as `{"method": "notification", "data": …}`.
import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../errors";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, security } from "../openapi";
import { newRouter } from "../router";

const Notification = z
  .object({
    id: z.string(),
    kind: z.enum(["run_finished", "review_needed"]),
    payload: z.record(z.string(), z.unknown()),
    read_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Notification");
const NotificationList = z
  .object({ items: z.array(Notification), unread: z.number().int() })
  .openapi("NotificationList");

const list = createRoute({
  method: "get",
  path: "/notifications",
  tags: ["notifications"],
  summary: "The caller's latest notifications and the unread count",
  security,
  middleware: [requireAuth("read")] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(50),
      unread: z.enum(["true", "false"]).optional().describe("Only unread ones"),
    }),
  },
  responses: { 200: json(NotificationList, "Notifications"), 401: json(ErrorBody, "Not authenticated") },
});
const markRead = createRoute({
  method: "post",
  path: "/notifications/{id}/read",
  tags: ["notifications"],
  summary: "Mark a notification read",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Marked" }, 404: json(ErrorBody, "No such notification") },
});
const markAllRead = createRoute({
  method: "post",
  path: "/notifications/read",
  tags: ["notifications"],
  summary: "Mark every notification read",
  security,
  middleware: [requireAuth("write")] as const,
  responses: { 204: { description: "Marked" } },
});

type Row = {
  id: string;
  kind: "run_finished" | "review_needed";
  payload: string;
  read_at: string | null;
  created_at: string;
};

export const notificationRoutes = newRouter();

notificationRoutes.openapi(list, async (c) => {
  const { userId } = c.get("auth");
  const { limit, unread } = c.req.valid("query");
  const [rows, count] = await c.env.DB.batch([
    c.env.DB.prepare(
      `SELECT id, kind, payload, read_at, created_at FROM notifications WHERE owner_id = ?${unread === "true" ? " AND read_at IS NULL" : ""}
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    ).bind(userId, limit),
    c.env.DB.prepare("SELECT COUNT(*) AS n FROM notifications WHERE owner_id = ? AND read_at IS NULL").bind(userId),
  ]);
  const items = ((rows?.results ?? []) as Row[]).map((r) => ({
    ...r,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
  return c.json({ items, unread: (count?.results[0] as { n: number } | undefined)?.n ?? 0 }, 200);
});

notificationRoutes.openapi(markRead, async (c) => {
  const { meta } = await c.env.DB.prepare(
    "UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND owner_id = ?",
  )
    .bind(new Date().toISOString(), c.req.valid("param").id, c.get("auth").userId)
    .run();
  if (meta.changes === 0) throw notFound("Notification");
  return c.body(null, 204);
});

notificationRoutes.openapi(markAllRead, async (c) => {
  await c.env.DB.prepare("UPDATE notifications SET read_at = ? WHERE owner_id = ? AND read_at IS NULL")
    .bind(new Date().toISOString(), c.get("auth").userId)
    .run();
  return c.body(null, 204);
});
