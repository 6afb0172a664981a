// Monitoring in the editor (issues 18 and 14): the notifications bell counts a run that just ended (live),
// the global Runs page lists it with how it started and filters by trigger and agent, the Monitoring page
// and the agent's page show it in their figures. A fresh account, so every count is this scenario's own.
import { join } from "node:path";
import { BLOCKS, createAgent, expect, nodeAt, until } from "./helpers.mjs";

export function monitoringScenarios({ base, password, artifacts }) {
  return [
    {
      name: "a run that ends rings the bell; Runs lists it with its trigger; Monitoring and the agent page count it",
      async run(page) {
        const mine = await page.evaluate(() => localStorage.getItem("agentflare.session"));
        const res = await page.request.post(`${base}/api/v1/auth/signup`, {
          data: { email: `monitor-${Date.now()}@agentflare.test`, password },
        });
        expect(res.status() === 201, `sign-up answered ${res.status()}`);
        const fresh = await res.json();
        const auth = { authorization: `Bearer ${fresh.token}` };
        try {
          await page.evaluate((s) => localStorage.setItem("agentflare.session", s), JSON.stringify(fresh));
          const agent = await createAgent(page, base, {
            name: "Monitored echo",
            description: "",
            nodes: [
              nodeAt("in", BLOCKS.input, { name: "text" }, 0),
              nodeAt("out", BLOCKS.output, { name: "echo" }, 400),
            ],
            links: [{ source_id: "in", source_name: "result", sink_id: "out", sink_name: "value" }],
          });

          // The bell starts quiet; a run ending while the page is open shows up without a reload.
          await page.goto(`${base}/agents`);
          const bell = page.getByRole("button", { name: /^Notifications/ });
          await bell.waitFor();
          expect(
            (await bell.getAttribute("aria-label")) === "Notifications",
            "a new account has no unread notification",
          );
          const run = await page.request.post(`${base}/api/v1/graphs/${agent.id}/execute?wait=20`, {
            headers: auth,
            data: { inputs: { text: "hello" } },
          });
          expect(run.status() === 200, `execute answered ${run.status()}`);
          const manualRun = (await run.json()).id;
          await page.getByRole("button", { name: "Notifications, 1 unread" }).waitFor();
          await page.getByRole("button", { name: "Notifications, 1 unread" }).click();
          await page.getByRole("dialog", { name: "Notifications" }).getByText("Run completed").waitFor();
          await page.getByRole("button", { name: "Mark all read" }).click();
          await until(async () => (await bell.getAttribute("aria-label")) === "Notifications", "the bell to clear");

          // A second run through an API key: the Runs page tells the two apart by trigger.
          const key = await page.request.post(`${base}/api/v1/api-keys`, {
            headers: auth,
            data: { name: "script", scopes: ["read", "execute"] },
          });
          const apiKey = (await key.json()).key;
          const viaKey = await page.request.post(`${base}/api/v1/graphs/${agent.id}/execute?wait=20`, {
            headers: { "x-api-key": apiKey },
            data: { inputs: { text: "from a script" } },
          });
          expect(viaKey.status() === 200, `execute by key answered ${viaKey.status()}`);
          const apiRun = (await viaKey.json()).id;

          await page.goto(`${base}/runs`);
          await page.getByRole("heading", { name: "Runs" }).waitFor();
          const row = (id) => page.locator(`tr[data-run-id="${id}"]`);
          await row(manualRun).waitFor();
          expect(
            (await row(manualRun).locator(".trigger").textContent()) === "Manual",
            "the editor's run reads Manual",
          );
          expect((await row(apiRun).locator(".trigger").textContent()) === "API", "the key's run reads API");
          expect((await row(manualRun).textContent()).includes("Monitored echo"), "the run names its agent");
          await page.getByLabel("Trigger").selectOption("api");
          await page.waitForURL(/trigger=api/);
          await until(async () => (await row(manualRun).count()) === 0, "the manual run to be filtered out");
          await row(apiRun).waitFor();
          await page.getByLabel("Trigger").selectOption("schedule");
          await page.getByText("No runs match these filters.").waitFor();
          await page.getByLabel("Trigger").selectOption("");
          await page.getByLabel("Agent").selectOption(agent.id);
          await row(manualRun).waitFor();
          await row(apiRun).waitFor();
          await page.screenshot({ path: join(artifacts, "runs.png") });

          // Monitoring: the two runs in the totals, the agent's row, the charts drawn.
          await page.goto(`${base}/monitoring`);
          await page.getByRole("heading", { name: "Monitoring" }).waitFor();
          await until(async () => (await page.getByTestId("total-runs").textContent()) === "2", "2 runs in the totals");
          const agentRow = page.getByTestId("agent-stats").locator("tr", { hasText: "Monitored echo" });
          expect((await agentRow.locator("td").nth(1).textContent()) === "2", "the agent's row counts 2 runs");
          expect((await agentRow.locator("td").nth(2).textContent()) === "100%", "both succeeded");
          expect((await page.locator("canvas").count()) === 2, "two charts are drawn");
          await page.screenshot({ path: join(artifacts, "monitoring.png"), fullPage: true });

          // The agent's own page carries its figures.
          await page.goto(`${base}/agents/${agent.id}/runs`);
          await page.getByRole("heading", { name: "Last 30 days" }).waitFor();
          expect((await page.getByTestId("total-runs").textContent()) === "2", "the agent page counts 2 runs");
        } finally {
          await page.evaluate((s) => localStorage.setItem("agentflare.session", s), mine);
        }
      },
    },
  ];
}
