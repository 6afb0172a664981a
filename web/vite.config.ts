import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  // WEB_NO_MINIFY=1 keeps function names readable in CPU profiles of the editor.
  build: { minify: !process.env.WEB_NO_MINIFY },
  server: {
    // `vite dev` proxies the API (and its WebSocket) to a local `wrangler dev`.
    proxy: { "/api": { target: "http://127.0.0.1:8787", ws: true } },
  },
});
