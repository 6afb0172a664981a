// Cross-origin access for an editor served from another origin (Pages): the origins listed in CORS_ORIGINS
// (comma-separated, exact `scheme://host[:port]`) may call the API with credentials; a preflight from any other
// origin is refused with 403, and so is a WebSocket upgrade whose Origin is neither listed nor the API's own.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../env";
import { forbidden } from "../errors";

const parsed = new Map<string, ReadonlySet<string>>();

/** The listed origins, normalised (`https://Editor.example/` → `https://editor.example`); `*` is never honoured. */
export function allowedOrigins(env: { CORS_ORIGINS?: string }): ReadonlySet<string> {
  const raw = env.CORS_ORIGINS ?? "";
  let set = parsed.get(raw);
  if (!set) {
    const origins = new Set<string>();
    for (const entry of raw.split(",")) {
      try {
        const url = new URL(entry.trim());
        if (url.protocol === "https:" || url.protocol === "http:") origins.add(url.origin);
      } catch {
        // Not an origin (empty, "*", a typo): ignored.
      }
    }
    set = origins;
    parsed.set(raw, set);
  }
  return set;
}

const sameOrigin = (origin: string, requestUrl: string) => origin === new URL(requestUrl).origin;

/**
 * CORS for `/api/*`. Credentials are allowed, so the answer always names the one calling origin, never `*`.
 * @example app.use("/api/*", apiCors());
 */
export const apiCors = (): MiddlewareHandler<AppEnv> =>
  async function apiCors(c, next) {
    const origin = c.req.header("origin");
    const allowed = allowedOrigins(c.env);
    if (c.req.method === "OPTIONS" && origin !== undefined && !allowed.has(origin) && !sameOrigin(origin, c.req.url)) {
      throw forbidden(`Origin ${origin} is not allowed (CORS_ORIGINS)`);
    }
    if (allowed.size === 0) return next();
    return cors({
      origin: (o) => (allowed.has(o) ? o : null),
      credentials: true,
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "X-API-Key", "Idempotency-Key", "X-Request-Id"],
      exposeHeaders: ["X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"],
      maxAge: 600,
    })(c, next);
  };

/**
 * WebSocket upgrades skip CORS in browsers, so the Origin is checked here: the API's own origin and the listed
 * ones pass; clients that send no Origin (not browsers) authenticate by token as usual.
 * @example router.get("/ws", allowedWebSocketOrigin(), requireWebSocketAuth("read"), handler);
 */
export const allowedWebSocketOrigin = (): MiddlewareHandler<AppEnv> =>
  async function allowedWebSocketOrigin(c, next) {
    const origin = c.req.header("origin");
    if (origin !== undefined && !sameOrigin(origin, c.req.url) && !allowedOrigins(c.env).has(origin)) {
      throw forbidden(`Origin ${origin} may not open this WebSocket (CORS_ORIGINS)`);
    }
    await next();
  };
