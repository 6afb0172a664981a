// A graph's completion callback URL: every final run of the graph is POSTed, signed, to it (a schedule's own
// callback_url takes precedence for its runs). The signing secret is shown here, to the owner's callers that may
// write (it lets its holder forge callbacks), and the owner may replace it (rotate-secret).
import { createRoute, z } from "@hono/zod-openapi";
import { badRequest } from "../errors";
import { requireOwnGraph } from "../graphs/owned";
import { callbackUrlRefusal } from "../jobs/callback";
import { callbackSecret, rotateCallbackSecret } from "../jobs/callback-secret";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, security } from "../openapi";
import { newRouter } from "../router";

const CallbackBody = z.object({ url: z.url({ protocol: /^https?$/ }).max(2000) }).openapi("GraphCallback");
const VERIFY = 'Verify `X-Agentflare-Signature: t=<s>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with this';
const SigningSecret = z.string().describe(VERIFY);
const CallbackView = z
  .object({
    url: z.string().nullable(),
    // A read-only key (a dashboard, say) must not be able to forge callbacks.
    signing_secret: SigningSecret.nullable().describe(
      `${VERIFY}. \`null\` for an API key without the \`write\` scope: whoever holds the secret can forge callbacks`,
    ),
  })
  .openapi("GraphCallbackView");
const RotatedSecret = z.object({ signing_secret: SigningSecret }).openapi("CallbackSigningSecret");

const put = createRoute({
  method: "put",
  path: "/graphs/{id}/callback",
  tags: ["schedules"],
  summary: "Set the graph's completion callback URL",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam, body: { ...json(CallbackBody, "The URL"), required: true } },
  responses: {
    200: json(CallbackView, "The callback"),
    400: json(ErrorBody, "Not an allowed address"),
    404: json(ErrorBody, "No such graph"),
  },
});
const get = createRoute({
  method: "get",
  path: "/graphs/{id}/callback",
  tags: ["schedules"],
  summary: "The graph's completion callback URL and the signing secret (null without the write scope)",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam },
  responses: { 200: json(CallbackView, "The callback"), 404: json(ErrorBody, "No such graph") },
});
const remove = createRoute({
  method: "delete",
  path: "/graphs/{id}/callback",
  tags: ["schedules"],
  summary: "Remove the graph's completion callback",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Removed" } },
});
const rotate = createRoute({
  method: "post",
  path: "/callbacks/rotate-secret",
  tags: ["schedules"],
  summary: "Replace your callback signing secret (later deliveries, queued ones too, are signed with the new one)",
  security,
  middleware: [requireAuth("write")] as const,
  responses: { 200: json(RotatedSecret, "The new signing secret") },
});

export const callbackRoutes = newRouter();

callbackRoutes.openapi(put, async (c) => {
  const { userId } = c.get("auth");
  const { id } = c.req.valid("param");
  const { url } = c.req.valid("json");
  const reason = callbackUrlRefusal(c.env, new URL(url));
  if (reason) throw badRequest("Callback URL not allowed", [{ path: "url", message: reason }]);
  await requireOwnGraph(c.env.DB, userId, id);
  await c.env.DB.prepare(
    `INSERT INTO graph_callbacks (owner_id, graph_id, url, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(owner_id, graph_id) DO UPDATE SET url = excluded.url, updated_at = excluded.updated_at`,
  )
    .bind(userId, id, url, new Date().toISOString())
    .run();
  return c.json({ url, signing_secret: await callbackSecret(c.env, userId) }, 200);
});

callbackRoutes.openapi(get, async (c) => {
  const { userId } = c.get("auth");
  const { id } = c.req.valid("param");
  await requireOwnGraph(c.env.DB, userId, id);
  const row = await c.env.DB.prepare("SELECT url FROM graph_callbacks WHERE owner_id = ? AND graph_id = ?")
    .bind(userId, id)
    .first<{ url: string }>();
  const mayWrite = c.get("auth").scopes.includes("write");
  return c.json({ url: row?.url ?? null, signing_secret: mayWrite ? await callbackSecret(c.env, userId) : null }, 200);
});

callbackRoutes.openapi(remove, async (c) => {
  await c.env.DB.prepare("DELETE FROM graph_callbacks WHERE owner_id = ? AND graph_id = ?")
    .bind(c.get("auth").userId, c.req.valid("param").id)
    .run();
  return c.body(null, 204);
});

callbackRoutes.openapi(rotate, async (c) =>
  c.json({ signing_secret: await rotateCallbackSecret(c.env, c.get("auth").userId) }, 200),
);
