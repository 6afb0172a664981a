// Security headers on everything the Worker answers (hono/secure-headers): the API's JSON allows nothing to load or
// frame it; the Swagger UI page (/api/docs) runs only its same-origin bundle and one inline script carrying this
// request's nonce. The editor's static assets get theirs from web/_headers and SvelteKit's `kit.csp`.
import type { MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env";

const common: Parameters<typeof secureHeaders>[0] = {
  xFrameOptions: "DENY",
  xContentTypeOptions: "nosniff",
  referrerPolicy: "no-referrer",
  // The editor may live on another origin (CORS_ORIGINS) and read the API with CORS: no resource policy that
  // would stop it, no opener policy (nothing here opens windows).
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
};

const apiHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
});

const docsHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", NONCE],
    // Swagger UI sets style attributes and inlines its SVG icons.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/** The API docs page's policy on `/api/docs`, the API's everywhere else. */
export const securityHeaders = (): MiddlewareHandler<AppEnv> =>
  async function securityHeaders(c, next) {
    return c.req.path === "/api/docs" ? docsHeaders(c, next) : apiHeaders(c, next);
  };
