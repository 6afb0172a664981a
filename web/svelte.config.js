// SvelteKit builds the editor as a client-rendered SPA; the Hono Worker serves the output as static assets.
import adapter from "@sveltejs/adapter-cloudflare";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

// The adapter gets its own assets-only config so it never rewrites worker/index.ts (the root wrangler.toml's main).
const cloudflare = adapter({
  config: "wrangler.adapter.jsonc",
  platformProxy: { configPath: "wrangler.adapter.jsonc" },
});

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // emulate() would start a workerd during prerender that is never disposed.
    adapter: { ...cloudflare, emulate: undefined },
    // Absolute asset URLs: the one index.html shell is served for every deep link (/agents/x/edit).
    paths: { relative: false },
    alias: { $graph: "../graph", $blocks: "../blocks" },
  },
};
