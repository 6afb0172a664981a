import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

/** The origin part of PUBLIC_API_ORIGIN ("" when unset); anything else fails the build loudly. */
function apiOrigin(raw: string | undefined): string {
  if (!raw) return "";
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("PUBLIC_API_ORIGIN must be http(s)");
  return url.origin;
}

export default defineConfig({
  plugins: [sveltekit()],
  // PUBLIC_API_ORIGIN (e.g. https://api.example) builds an editor that calls an API on another origin (Pages).
  define: { __API_ORIGIN__: JSON.stringify(apiOrigin(process.env.PUBLIC_API_ORIGIN)) },
  // WEB_NO_MINIFY=1 keeps function names readable in CPU profiles of the editor.
  build: { minify: !process.env.WEB_NO_MINIFY },
  server: {
    // `vite dev` proxies the API (and its WebSocket) to a local `wrangler dev`.
    proxy: { "/api": { target: "http://127.0.0.1:8787", ws: true } },
  },
});
