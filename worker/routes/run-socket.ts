// GET /api/v1/executions/:id/ws: one run's live events on its own WebSocket. The Worker authenticates the upgrade
// (token in `?token=` or a `bearer.<token>` subprotocol, `read` scope), has the user's EventHub admit it (the
// per-user socket cap counts these too; the hub closes them when the key is revoked or the token expires), then
// hands it to the run's GraphRun, which refuses someone else's run (404, as REST does) and holds the socket
// (durable-objects/run-sockets.ts).
import { RUN_SOCKET_USER_HEADER } from "../../durable-objects/run-sockets";
import { SOCKET_CONTROL_HEADER, SOCKET_GRANT_HEADER } from "../../durable-objects/socket-access";
import { graphRunFetch } from "../../durable-objects/stubs";
import { socketGrant } from "../auth/socket-grant";
import { ApiError, notFound } from "../errors";
import { isExecutionId } from "../executions/run-stub";
import { requireWebSocketAuth } from "../middleware/auth";
import { allowedWebSocketOrigin } from "../middleware/cors";
import { newRouter } from "../router";

export const runSocketRoutes = newRouter();

runSocketRoutes.get("/executions/:id/ws", allowedWebSocketOrigin(), requireWebSocketAuth("read"), async (c) => {
  const id = c.req.param("id");
  if (!isExecutionId(id)) throw notFound("Execution");
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "Connect with a WebSocket upgrade");
  }
  const { userId, ...grant } = socketGrant(c);
  const hub = c.env.EVENT_HUB.get(c.env.EVENT_HUB.idFromName(userId));
  const refused = await hub.admitRunSocket(id, { userId, ...grant });
  if (refused) throw new ApiError(429, "too_many_sockets", refused);
  const headers = new Headers(c.req.raw.headers);
  headers.set(RUN_SOCKET_USER_HEADER, userId);
  headers.set(SOCKET_GRANT_HEADER, JSON.stringify(grant));
  // Only the hub may send socket controls to a run: a client's copy of the header never gets through.
  headers.delete(SOCKET_CONTROL_HEADER);
  let upgraded: Response;
  try {
    upgraded = await graphRunFetch(c.env, id, new Request(c.req.raw.url, { headers }));
  } catch (err) {
    await hub.releaseRunSocket(id);
    throw err;
  }
  if (upgraded.status !== 101) await hub.releaseRunSocket(id);
  if (upgraded.status === 404) throw notFound("Execution");
  // A fresh Response: the object's has immutable headers, and middleware adds request-id and rate-limit ones.
  return new Response(null, { status: upgraded.status, webSocket: upgraded.webSocket, headers: upgraded.headers });
});
