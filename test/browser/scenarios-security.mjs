// Security headers on the editor and the API docs as a browser receives them (issue 15): the editor's shell is
// framed by nobody, sniffed by nobody, sends no full referrer, and runs no inline script but SvelteKit's own (by
// hash); the Swagger UI page runs its inline script by nonce. Any CSP violation during the suite fails it (run.mjs).
import { expect } from "./helpers.mjs";

export function securityScenarios({ base }) {
  return [
    {
      name: "security headers on the editor (a deep link too) and the API docs; both still work under their CSP",
      async run(page) {
        for (const path of ["/", "/agents/some-agent/edit"]) {
          const res = await fetch(`${base}${path}`);
          const h = res.headers;
          expect(res.status === 200, `${path}: ${res.status}`);
          expect(/frame-ancestors 'none'/.test(h.get("content-security-policy") ?? ""), `${path}: frame-ancestors`);
          expect(h.get("x-content-type-options") === "nosniff", `${path}: nosniff`);
          expect(h.get("x-frame-options") === "DENY", `${path}: X-Frame-Options`);
          expect(h.get("referrer-policy") === "strict-origin-when-cross-origin", `${path}: Referrer-Policy`);
          const html = await res.text();
          const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
          expect(/script-src 'self' 'sha256-[^']+'(;|$)/.test(meta), `${path}: script-src by hash only, got ${meta}`);
          expect(!/unsafe-inline[^;]*;/.test(/script-src[^;]*;/.exec(meta)?.[0] ?? ""), "no inline script allowance");
        }
        const docs = await fetch(`${base}/api/docs`);
        const csp = docs.headers.get("content-security-policy") ?? "";
        expect(/script-src 'self' 'nonce-[^']+'/.test(csp) && /frame-ancestors 'none'/.test(csp), `docs CSP: ${csp}`);
        // The editor boots and signs in under its policy; the docs render under theirs.
        await page.goto(`${base}/agents`);
        await page.getByRole("heading", { name: "Agents" }).waitFor();
        await page.goto(`${base}/api/docs`);
        await page.locator(".swagger-ui .opblock").first().waitFor();
        await page.goto(`${base}/agents`);
      },
    },
    {
      name: "a missing fingerprinted editor file is a 404, never the editor's HTML under a year-long cache rule",
      async run() {
        const html = await (await fetch(`${base}/`)).text();
        const script = /\/_app\/immutable\/[^"']+\.js/.exec(html)?.[0];
        expect(script !== undefined, "the editor's shell names a script under /_app/immutable/");
        const found = await fetch(`${base}${script}`);
        expect(found.status === 200, `${script}: ${found.status}`);
        expect(
          /javascript/.test(found.headers.get("content-type") ?? ""),
          `${script}: ${found.headers.get("content-type")}`,
        );
        expect(/immutable/.test(found.headers.get("cache-control") ?? ""), `${script}: cached as immutable`);
        await found.arrayBuffer();
        const missing = await fetch(`${base}/_app/immutable/chunks/not-there.js`);
        const type = missing.headers.get("content-type") ?? "";
        const cache = missing.headers.get("cache-control") ?? "";
        await missing.arrayBuffer();
        expect(missing.status === 404, `missing script: ${missing.status} ${type}`);
        expect(!/text\/html/.test(type) && !/immutable/.test(cache), `missing script: ${type}, ${cache}`);
      },
    },
  ];
}
