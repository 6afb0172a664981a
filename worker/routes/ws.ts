// GET /api/v1/ws: the live run feed (AutoGPT's WebSocket protocol). The Worker authenticates the upgrade
// (token in `?token=` or a `bearer.<token>` subprotocol), then hands the socket to the caller's own event
// hub object, which only ever subscribes to that user's runs.
import { decodeJwt } from "jose";
import { HUB_USER_HEADER } from "../../durable-objects/event-hub";
import { SOCKET_GRANT_HEADER, type SocketGrant } from "../../durable-objects/socket-access";
import { ApiError } from "../errors";
import { requireWebSocketAuth } from "../middleware/auth";
import { allowedWebSocketOrigin } from "../middleware/cors";
import { newRouter } from "../router";

export const wsRoutes = newRouter();

wsRoutes.get("/ws", allowedWebSocketOrigin(), requireWebSocketAuth("read"), async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "Connect with a WebSocket upgrade");
  }
  const { userId, apiKeyId } = c.get("auth");
  const headers = new Headers(c.req.raw.headers);
  headers.set(HUB_USER_HEADER, userId);
  const grant: Omit<SocketGrant, "userId"> = { apiKeyId, expiresAt: tokenExpiry(c.req.raw) };
  headers.set(SOCKET_GRANT_HEADER, JSON.stringify(grant));
  const hub = c.env.EVENT_HUB.get(c.env.EVENT_HUB.idFromName(userId));
  const upgraded = await hub.fetch(new Request(c.req.raw.url, { headers }));
  if (upgraded.status === 429) throw new ApiError(429, "too_many_sockets", await upgraded.text());
  // A fresh Response: the hub's has immutable headers, and middleware adds request-id and rate-limit ones.
  return new Response(null, { status: upgraded.status, webSocket: upgraded.webSocket, headers: upgraded.headers });
});

/** When the (already verified) token of the upgrade expires, in ms; undefined for API keys. */
function tokenExpiry(request: Request): number | undefined {
  const fromQuery = new URL(request.url).searchParams.get("token");
  const fromProtocol = (request.headers.get("sec-websocket-protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .find((p) => p.startsWith("bearer."))
    ?.slice("bearer.".length);
  const fromHeader = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
  const token = fromQuery ?? fromProtocol ?? fromHeader;
  if (!token || token.startsWith("agf_")) return undefined;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
