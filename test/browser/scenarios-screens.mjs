// Screenshots of every page at a desktop and a phone size, light and dark (saved under test/artifacts/screens),
// with a check at each that nothing overflows the screen sideways (the page must not need horizontal scrolling).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, tokenOf } from "./helpers.mjs";

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];
const SCHEMES = ["light", "dark"];

export function screenScenarios({ base, artifacts, state }) {
  return [
    {
      name: "every page at 1280×800 and 390×844, light and dark, without sideways scrolling",
      async run(page) {
        const token = await tokenOf(page);
        const graphId = state.agentUrl.split("/").at(-2);
        const runs = await (
          await page.request.get(`${base}/api/v1/graphs/${graphId}/executions`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json();
        const runId = (runs.items ?? runs)[0]?.id;
        expect(runId, "a run of the first agent");
        const pages = [
          ["agents", "/agents"],
          ["editor", `/agents/${graphId}/edit`],
          ["agent-runs", `/agents/${graphId}/runs`],
          ["run", `/runs/${runId}`],
          ["settings", "/settings"],
          ["store", "/store"],
          ["library", "/library"],
          ["runs", "/runs"],
          ["monitoring", "/monitoring"],
        ];
        const original = page.viewportSize();
        mkdirSync(join(artifacts, "screens"), { recursive: true });
        const isDark = () =>
          page.evaluate(() => {
            const [r, g, b] = getComputedStyle(document.documentElement).backgroundColor.match(/\d+/g).map(Number);
            return r + g + b < 200;
          });
        try {
          for (const scheme of SCHEMES) {
            await page.emulateMedia({ colorScheme: scheme });
            for (const size of SIZES) {
              await page.setViewportSize({ width: size.width, height: size.height });
              for (const [name, path] of pages) {
                await page.goto(`${base}${path}`);
                await page.locator("main h1, main [aria-label='Agent canvas'], main .svelte-flow").first().waitFor();
                await page.waitForTimeout(250);
                expect((await isDark()) === (scheme === "dark"), `${name} ${size.name} should be ${scheme}`);
                const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
                expect(overflow <= 1, `${name} at ${size.width} px scrolls sideways by ${overflow} px`);
                await page.screenshot({ path: join(artifacts, "screens", `${name}-${size.name}-${scheme}.png`) });
              }
            }
          }
          // The signed-out pages, with the session set aside for a moment.
          const saved = await page.evaluate(() => localStorage.getItem("agentflare.session"));
          await page.evaluate(() => localStorage.removeItem("agentflare.session"));
          for (const scheme of SCHEMES) {
            await page.emulateMedia({ colorScheme: scheme });
            for (const size of SIZES) {
              await page.setViewportSize({ width: size.width, height: size.height });
              for (const name of ["login", "signup"]) {
                await page.goto(`${base}/${name}`);
                await page.locator("main h1").waitFor();
                expect((await isDark()) === (scheme === "dark"), `${name} ${size.name} should be ${scheme}`);
                await page.screenshot({ path: join(artifacts, "screens", `${name}-${size.name}-${scheme}.png`) });
              }
            }
          }
          await page.evaluate((s) => localStorage.setItem("agentflare.session", s), saved);
          // The toggle overrides the system setting and is remembered.
          await page.emulateMedia({ colorScheme: "light" });
          await page.setViewportSize({ width: 1280, height: 800 });
          await page.goto(`${base}/agents`);
          const toggle = page.getByRole("button", { name: /^Theme:/ });
          while (!/Theme: dark/.test(await toggle.getAttribute("aria-label"))) await toggle.click();
          expect(await isDark(), "the toggle turns the page dark");
          await page.reload();
          await page.locator("main h1").waitFor();
          expect(await isDark(), "the choice survives a reload");
          while (!/Theme: system/.test(await toggle.getAttribute("aria-label"))) await toggle.click();
          expect(!(await isDark()), "back to the system's light");
        } finally {
          await page.emulateMedia({ colorScheme: null });
          if (original) await page.setViewportSize(original);
        }
      },
    },
  ];
}
