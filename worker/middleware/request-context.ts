import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { log } from "../log";

/** Request id (echoed as X-Request-Id) and one structured log line per request. */
export const requestContext = (): MiddlewareHandler<AppEnv> =>
  async function requestContext(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    const started = Date.now();
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    log(c.env, "info", "request", {
      request_id: requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      latency_ms: Date.now() - started,
      user_id: c.get("auth")?.userId,
    });
  };
