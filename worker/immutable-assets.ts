// The editor's fingerprinted files (`/_app/immutable/*`) pass through the Worker so that a missing one is a 404.
// Without this the single-page fallback answered a stale or mistyped script URL with the editor's HTML, 200, under
// the year-long `immutable` cache rule SvelteKit writes for that path: a browser or CDN then kept HTML as that
// script (a blank editor after a deploy, even after the file came back).
import type { Handler } from "hono";
import type { AppEnv } from "./env";

export const immutableAsset: Handler<AppEnv> = async (c) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  // The fallback is the only HTML under this path: SvelteKit puts no pages there.
  if (res.ok && (res.headers.get("content-type") ?? "").startsWith("text/html")) {
    await res.body?.cancel();
    return c.text("Not found", 404, { "Cache-Control": "no-store" });
  }
  // A copy: the assets' own headers are immutable, and the security-header middleware adds to them.
  return new Response(res.body, res);
};
