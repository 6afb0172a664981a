// Hono answers 404 when a path exists but not for the request's method; HTTP says 405 with an Allow header.
import type { Hono, NotFoundHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

// biome-ignore lint/suspicious/noExplicitAny: any schema/base path; only the router is read.
type AnyApp = Hono<AppEnv, any, any>;

/**
 * The methods for which `app` has a route (not just middleware) matching `path`.
 * @example allowedMethods(app, "/api/v1/auth/login") // ["POST"]
 */
export function allowedMethods(app: AnyApp, path: string): string[] {
  return METHODS.filter((method) => {
    const [matches] = app.router.match(method, path);
    // Middleware is registered under "ALL"; only a route registered for this very method counts.
    return matches.some(([[, route]]) => route.method === method);
  });
}

/**
 * A not-found handler that answers 405 `method_not_allowed` (with Allow) when the path is known under another
 * method, and otherwise defers to `fallback`.
 * @example app.notFound(methodNotAllowed(app, () => { throw new ApiError(404, "not_found", "Route not found"); }));
 */
export const methodNotAllowed = (app: AnyApp, fallback: NotFoundHandler<AppEnv>): NotFoundHandler<AppEnv> =>
  function methodNotAllowed(c) {
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      throw new ApiError(405, "method_not_allowed", `Method ${c.req.method} is not allowed here`, [], {
        Allow: allowed.join(", "),
      });
    }
    return fallback(c);
  };
