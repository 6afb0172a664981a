// GET /api/v1/ws: the live run feed (AutoGPT's WebSocket protocol). The Worker authenticates the upgrade
// (token in `?token=` or a `bearer.<token>` subprotocol), then hands the socket to the caller's own event
// hub object, which only ever subscribes to that user's runs.
import { HUB_USER_HEADER } from "../../durable-objects/event-hub";
import { SOCKET_GRANT_HEADER, type SocketGrant } from "../../durable-objects/socket-access";
import { socketGrant } from "../auth/socket-grant";
import { ApiError } from "../errors";
import { requireWebSocketAuth } from "../middleware/auth";
import { allowedWebSocketOrigin } from "../middleware/cors";
import { newRouter } from "../router";

export const wsRoutes = newRouter();

wsRoutes.get("/ws", allowedWebSocketOrigin(), requireWebSocketAuth("read"), async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "Connect with a WebSocket upgrade");
  }
  const { userId, ...grant } = socketGrant(c);
  const headers = new Headers(c.req.raw.headers);
  headers.set(HUB_USER_HEADER, userId);
  headers.set(SOCKET_GRANT_HEADER, JSON.stringify(grant satisfies Omit<SocketGrant, "userId">));
  const hub = c.env.EVENT_HUB.get(c.env.EVENT_HUB.idFromName(userId));
  const upgraded = await hub.fetch(new Request(c.req.raw.url, { headers }));
  if (upgraded.status === 429) throw new ApiError(429, "too_many_sockets", await upgraded.text());
  // A fresh Response: the hub's has immutable headers, and middleware adds request-id and rate-limit ones.
  return new Response(null, { status: upgraded.status, webSocket: upgraded.webSocket, headers: upgraded.headers });
});
