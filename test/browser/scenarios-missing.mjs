// Issue 16 "Missing": what users of AutoGPT's builder and n8n expect to find.
import { expect, until } from "./helpers.mjs";

export function missingScenarios({ base, password }) {
  return [
    {
      name: "a new account starts from templates; the agents list searches, sorts and renders Markdown",
      async run(page) {
        const mine = await page.evaluate(() => localStorage.getItem("agentflare.session"));
        const res = await page.request.post(`${base}/api/v1/auth/signup`, {
          data: { email: `fresh-${Date.now()}@agentflare.test`, password },
        });
        expect(res.status() === 201, `sign-up answered ${res.status()}`);
        const fresh = await res.json();
        try {
          await page.evaluate((s) => localStorage.setItem("agentflare.session", s), JSON.stringify(fresh));
          await page.goto(`${base}/agents`);
          await page.getByRole("heading", { name: "Start from a template" }).waitFor();
          for (const name of [
            "Greeter",
            "Order total",
            "Review before sending",
            "Email Address Finder",
            "AI Function",
          ]) {
            await page.getByRole("button", { name: `Use template ${name}`, exact: true }).waitFor();
          }
          await page.getByRole("button", { name: "Use template Order total" }).click();
          await page.waitForURL(/\/agents\/[^/]+\/edit/);
          await until(async () => (await page.locator(".svelte-flow__node").count()) === 4, "the template's 4 nodes");
          await page.goto(`${base}/agents`);
          await page.getByRole("button", { name: "Templates" }).click();
          await page.getByRole("button", { name: "Use template Greeter" }).click();
          await page.waitForURL(/\/agents\/[^/]+\/edit/);
          await page.goto(`${base}/agents`);
          // Markdown: "**Input:**" is bold text, not asterisks.
          const greeter = page
            .getByRole("row")
            .filter({ has: page.getByRole("link", { name: "Greeter", exact: true }) });
          await greeter.locator("strong").filter({ hasText: "Input:" }).waitFor();
          expect(!(await greeter.textContent()).includes("**"), "no raw Markdown");
          await page.getByLabel("Sort agents").selectOption("name");
          const names = async () => await page.locator("tbody td:first-child > a").allInnerTexts();
          await until(async () => (await names()).join() === "Greeter,Order total", "sorted by name");
          await page.getByLabel("Search agents").fill("order");
          await until(async () => (await names()).join() === "Order total", "the search to filter");
        } finally {
          await page.evaluate((s) => localStorage.setItem("agentflare.session", s), mine);
        }
      },
    },
  ];
}
