// SvelteKit builds the editor as a client-rendered SPA; the Hono Worker serves the output as static assets.
import adapter from "@sveltejs/adapter-cloudflare";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

// The adapter gets its own assets-only config so it never rewrites worker/index.ts (the root wrangler.toml's main).
const cloudflare = adapter({
  config: "wrangler.adapter.jsonc",
  platformProxy: { configPath: "wrangler.adapter.jsonc" },
});

/** The API's origin and its WebSocket twin when the editor is built for another origin (PUBLIC_API_ORIGIN). */
const apiOrigin = process.env.PUBLIC_API_ORIGIN ? new URL(process.env.PUBLIC_API_ORIGIN).origin : undefined;
const apiSources = apiOrigin ? [apiOrigin, apiOrigin.replace(/^http/, "ws")] : [];

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // emulate() would start a workerd during prerender that is never disposed.
    adapter: { ...cloudflare, emulate: undefined },
    // Absolute asset URLs: the one index.html shell is served for every deep link (/agents/x/edit).
    paths: { relative: false },
    alias: { $graph: "../graph", $blocks: "../blocks" },
    // No inline script runs but SvelteKit's own boot script, allowed by its hash (a <meta> policy in the shell;
    // frame-ancestors and the other headers come from web/_headers). Svelte Flow positions nodes with style
    // attributes, so inline styles stay allowed.
    csp: {
      mode: "hash",
      directives: {
        "default-src": ["self"],
        "script-src": ["self"],
        "style-src": ["self", "unsafe-inline"],
        "img-src": ["self", "data:", "blob:"],
        "font-src": ["self", "data:"],
        "connect-src": ["self", ...apiSources],
        "worker-src": ["self", "blob:"],
        "object-src": ["none"],
        "base-uri": ["self"],
        "form-action": ["self"],
      },
    },
  },
};
