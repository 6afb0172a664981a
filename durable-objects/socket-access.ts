// Whether a live socket's credential still grants access: checked when it subscribes, when its token expires
// and when its API key is revoked. Shared by every socket endpoint (the user's event hub, per-run sockets).
import { and, eq, isNull, sql } from "drizzle-orm";
import { orm } from "../db/orm";
import { apiKeys } from "../db/schema";

/** What a socket was opened with: the user, the API key (if any) and when the token expires (ms, if any). */
export type SocketGrant = { userId: string; apiKeyId?: string; expiresAt?: number };

/** Sockets one user may hold open at once (`MAX_SOCKETS_PER_USER`); past it the upgrade answers 429. */
export const DEFAULT_MAX_SOCKETS_PER_USER = 50;

export function maxSocketsPerUser(env: { MAX_SOCKETS_PER_USER?: string }): number {
  const n = Number(env.MAX_SOCKETS_PER_USER);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_SOCKETS_PER_USER;
}

/** Runs one socket on the user's event hub may follow at once (`MAX_SUBSCRIPTIONS_PER_SOCKET`). */
export const DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET = 200;

export function maxSubscriptionsPerSocket(env: { MAX_SUBSCRIPTIONS_PER_SOCKET?: string }): number {
  const n = Number(env.MAX_SUBSCRIPTIONS_PER_SOCKET);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET;
}

/** WebSocket close code for a credential that no longer grants access (4000-4999: application codes). */
export const ACCESS_ENDED_CLOSE_CODE = 4401;

/**
 * Why the grant no longer holds ("token expired", "API key revoked"), or null while it does.
 * @example const denied = await socketAccessDenied(env.DB, grant); if (denied) ws.close(ACCESS_ENDED_CLOSE_CODE, denied);
 */
export async function socketAccessDenied(db: D1Database, grant: SocketGrant, now = Date.now()): Promise<string | null> {
  if (grant.expiresAt !== undefined && grant.expiresAt <= now) return "token expired";
  if (grant.apiKeyId) {
    const live = await orm(db)
      .select({ ok: sql<number>`1` })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, grant.apiKeyId), eq(apiKeys.ownerId, grant.userId), isNull(apiKeys.revokedAt)))
      .limit(1)
      .get();
    if (!live) return "API key revoked";
  }
  return null;
}

/** The grant as the Worker passes it to a socket's object (a header it sets after authenticating). */
export const SOCKET_GRANT_HEADER = "x-agentflare-grant";

/** The grant header the Worker set (it authenticated the upgrade); the user id always comes from the Worker. */
export function parseGrant(header: string | null, userId: string): SocketGrant {
  try {
    const raw = JSON.parse(header ?? "{}") as { apiKeyId?: unknown; expiresAt?: unknown };
    return {
      userId,
      apiKeyId: typeof raw.apiKeyId === "string" ? raw.apiKeyId : undefined,
      expiresAt: typeof raw.expiresAt === "number" ? raw.expiresAt : undefined,
    };
  } catch {
    return { userId };
  }
}

/**
 * A request from the user's hub to a run object holding per-run sockets (never from a client: only objects set
 * it): close the user's sockets opened with `apiKeyId` or expired by `expiredBy`, and answer how many of the
 * user's sockets stay open (`{ open }`).
 */
export const SOCKET_CONTROL_HEADER = "x-agentflare-socket-control";
export type SocketControl = { userId: string; apiKeyId?: string; expiredBy?: number };

/** Why a socket opened with `grant` must close under `control` (the close reason's words), or null if it stays. */
export function controlEnds(grant: SocketGrant, control: SocketControl): "API key revoked" | "token expired" | null {
  if (grant.userId !== control.userId) return null;
  if (control.apiKeyId !== undefined && grant.apiKeyId === control.apiKeyId) return "API key revoked";
  const expired =
    control.expiredBy !== undefined && grant.expiresAt !== undefined && grant.expiresAt <= control.expiredBy;
  return expired ? "token expired" : null;
}
