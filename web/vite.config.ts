import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig, type Plugin } from "vite";

/**
 * Swagger UI's script and styles from the swagger-ui-dist package, copied into the static assets (served at
 * /api-docs/) so the Worker's /api/docs page needs no CDN. The copies are build output (gitignored).
 */
function apiDocsAssets(): Plugin {
  const here = dirname(fileURLToPath(import.meta.url));
  const dist = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return {
    name: "agentflare-api-docs-assets",
    buildStart() {
      const out = join(here, "static", "api-docs");
      mkdirSync(out, { recursive: true });
      for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) copyFileSync(join(dist, file), join(out, file));
    },
  };
}

/** The origin part of PUBLIC_API_ORIGIN ("" when unset); anything else fails the build loudly. */
function apiOrigin(raw: string | undefined): string {
  if (!raw) return "";
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("PUBLIC_API_ORIGIN must be http(s)");
  return url.origin;
}

export default defineConfig({
  plugins: [apiDocsAssets(), sveltekit()],
  // PUBLIC_API_ORIGIN (e.g. https://api.example) builds an editor that calls an API on another origin (Pages).
  define: { __API_ORIGIN__: JSON.stringify(apiOrigin(process.env.PUBLIC_API_ORIGIN)) },
  // WEB_NO_MINIFY=1 keeps function names readable in CPU profiles of the editor.
  build: { minify: !process.env.WEB_NO_MINIFY },
  server: {
    // `vite dev` proxies the API (and its WebSocket) to a local `wrangler dev`.
    proxy: { "/api": { target: "http://127.0.0.1:8787", ws: true } },
  },
});
