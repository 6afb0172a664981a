// What a WebSocket upgrade was authenticated with, handed to the object that holds the socket so it can end the
// socket when that access ends (durable-objects/socket-access.ts).
import type { Context } from "hono";
import { decodeJwt } from "jose";
import type { SocketGrant } from "../../durable-objects/socket-access";
import type { AppEnv } from "../env";

/** The grant of an upgrade `requireWebSocketAuth` accepted: user, API key (if any), token expiry (if any). */
export function socketGrant(c: Context<AppEnv>): SocketGrant {
  const { userId, apiKeyId } = c.get("auth");
  return { userId, apiKeyId, expiresAt: apiKeyId ? undefined : tokenExpiry(c.req.raw) };
}

/** When the (already verified) token of the upgrade expires, in ms; undefined for API keys. */
function tokenExpiry(request: Request): number | undefined {
  const fromQuery = new URL(request.url).searchParams.get("token");
  const fromProtocol = (request.headers.get("sec-websocket-protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .find((p) => p.startsWith("bearer."))
    ?.slice("bearer.".length);
  const fromHeader = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
  const token = fromQuery || fromProtocol || fromHeader;
  if (!token || token.startsWith("agf_")) return undefined;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
