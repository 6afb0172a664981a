// Agents that run on their own, in the browser: the Schedules panel (cron helper with next fire times, create,
// the cron handler fires it, the run appears with trigger "schedule"), and the webhook URL, secret and preset on
// a trigger node.
import { createAgent, expect, nodeAt, tokenOf, until } from "./helpers.mjs";

const STORE = "1ff065e9-88e8-4358-9d82-8dc91f622ba9";
const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";
const WEBHOOK_TRIGGER = "8fa8c167-2002-47ce-aba8-97572fc5d387";
const INPUT = "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b";

export function triggerScenarios({ base }) {
  return [
    {
      name: "schedules: create one with the cron helper, the cron handler fires it, the run shows trigger schedule",
      async run(page) {
        const ids = { store: crypto.randomUUID(), out: crypto.randomUUID() };
        const agent = await createAgent(page, base, {
          name: "Scheduled hello",
          nodes: [
            nodeAt(ids.store, STORE, { input: "hello from cron" }, 0),
            nodeAt(ids.out, OUTPUT, { name: "said" }, 360),
          ],
          links: [{ source_id: ids.store, sink_id: ids.out, source_name: "output", sink_name: "value" }],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 2, "the agent's nodes");
        await page.getByRole("button", { name: "Schedules" }).click();
        const panel = page.getByRole("complementary", { name: "Schedules" });
        await panel.getByText("No schedules yet").waitFor();
        await panel.getByLabel("Name").fill("Every five");
        await panel.getByLabel("Cron preset").selectOption({ label: "Every 5 minutes" });
        expect(
          (await panel.getByLabel("Cron expression").inputValue()) === "*/5 * * * *",
          "the preset fills the expression",
        );
        await panel.getByLabel("Time zone").fill("Europe/Berlin");
        await until(
          async () => (await panel.getByTestId("cron-preview").locator("li").count()) === 5,
          "5 next fire times",
        );
        // A bad expression is explained before anything is sent.
        await panel.getByLabel("Cron expression").fill("61 * * * *");
        await panel.getByTestId("cron-preview").getByText("Invalid cron expression").waitFor();
        expect(
          await panel.getByRole("button", { name: "Create schedule" }).isDisabled(),
          "create is disabled for a bad expression",
        );
        await panel.getByLabel("Cron expression").fill("*/5 * * * *");
        await panel.getByRole("button", { name: "Create schedule" }).click();
        const item = panel.locator("li[data-schedule]");
        await until(async () => (await item.count()) === 1, "the new schedule listed");
        expect((await item.textContent()).includes("none yet"), "no run yet");

        // Fire it: the runtime's scheduled route runs the real scheduled() handler, at the schedule's next fire time.
        const token = await tokenOf(page);
        const scheduleId = await item.getAttribute("data-schedule");
        const s = await (
          await page.request.get(`${base}/api/v1/schedules/${scheduleId}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json();
        const fireAt = Date.parse(s.next_fire_times[0]) + 1000;
        const fired = await page.request.get(
          `${base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}&time=${fireAt}`,
        );
        expect(fired.ok(), `the scheduled route answered ${fired.status()}`);
        // The panel follows the schedule's last run on its own.
        await until(
          async () => (await item.locator(".status").count()) === 1,
          "the last run shown in the panel",
          20_000,
        );
        await until(
          async () => (await item.locator(".status").textContent()) === "COMPLETED",
          "the scheduled run COMPLETED",
          20_000,
        );
        const open = item.getByRole("link", { name: "open" });
        await open.waitFor();
        const runId = (await open.getAttribute("href")).split("/").at(-1);

        await page.goto(`${base}/agents/${agent.id}/runs`);
        const cell = page.locator("td[data-trigger]").first();
        await cell.waitFor();
        expect((await cell.textContent()).trim() === "schedule", `the run's trigger, got ${await cell.textContent()}`);

        // The global Runs page lists the fired run with trigger Schedule, and keeps it under the Schedule filter.
        await page.goto(`${base}/runs`);
        await page.getByRole("heading", { name: "Runs" }).waitFor();
        const runRow = page.locator(`tr[data-run-id="${runId}"]`);
        await runRow.waitFor();
        const trigger = (await runRow.locator(".trigger").textContent()).trim();
        expect(trigger === "Schedule", `the fired run's trigger on Runs, got ${trigger}`);
        expect((await runRow.textContent()).includes("Scheduled hello"), "the run names its agent");
        await page.getByLabel("Trigger").selectOption("schedule");
        await page.waitForURL(/trigger=schedule/);
        await runRow.waitFor();
        await page.getByLabel("Trigger").selectOption("webhook");
        await page.waitForURL(/trigger=webhook/);
        await until(async () => (await runRow.count()) === 0, "the scheduled run to be filtered out under Webhook");

        // Pause, then delete.
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await page.getByRole("button", { name: "Schedules" }).click();
        await item.getByRole("button", { name: "Pause" }).click();
        await item.getByText("paused").waitFor();
        page.once("dialog", (d) => d.accept());
        await item.getByRole("button", { name: "Delete" }).click();
        await panel.getByText("No schedules yet").waitFor();
      },
    },
    {
      name: "webhook trigger node: URL, a new secret shown once with copy, a sample curl that starts a run, a preset's inputs",
      async run(page) {
        const ids = {
          hook: crypto.randomUUID(),
          out: crypto.randomUUID(),
          input: crypto.randomUUID(),
          said: crypto.randomUUID(),
        };
        const agent = await createAgent(page, base, {
          name: "On webhook",
          nodes: [
            nodeAt(ids.hook, WEBHOOK_TRIGGER, {}, 0),
            nodeAt(ids.out, OUTPUT, { name: "body" }, 380),
            nodeAt(ids.input, INPUT, { name: "greeting", value: "plain" }, 760, 0),
            nodeAt(ids.said, OUTPUT, { name: "said" }, 1140, 0),
          ],
          links: [
            { source_id: ids.hook, sink_id: ids.out, source_name: "payload", sink_name: "value" },
            { source_id: ids.input, sink_id: ids.said, source_name: "result", sink_name: "value" },
          ],
        });
        // A preset of the agent, for the card's preset dropdown.
        const presetRes = await page.request.post(`${base}/api/v1/library/presets`, {
          headers: { authorization: `Bearer ${await tokenOf(page)}` },
          data: { graph_id: agent.id, name: "Friendly", inputs: { greeting: "hello from preset" } },
        });
        expect(presetRes.status() === 201, `the preset answered ${presetRes.status()}: ${await presetRes.text()}`);
        const preset = await presetRes.json();
        await page.goto(`${base}/agents/${agent.id}/edit`);
        const card = page.locator(`.svelte-flow__node[data-id="${ids.hook}"]`);
        const section = card.getByRole("region", { name: "Webhook" });
        const url = await until(async () => section.getByLabel("Webhook URL").inputValue(), "the webhook URL");
        expect(/\/api\/v1\/webhooks\/[^/]+\/ingress$/.test(url), `a webhook URL, got ${url}`);
        await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
        await section.getByRole("button", { name: "Copy" }).first().click();
        await section.getByRole("button", { name: "Copied" }).waitFor();
        expect((await page.evaluate(() => navigator.clipboard.readText())) === url, "the URL was copied");
        // A saved trigger has no secret yet (none was made for nobody to see): making the first asks nothing.
        await section.getByText("none yet: deliveries are refused until you make one").waitFor();
        await section.getByRole("button", { name: "Make secret" }).click();
        const secret = await section.getByLabel("Webhook secret").inputValue();
        expect(/^whsec_[0-9a-f]{64}$/.test(secret), "the new secret is shown");
        await section.getByText("Sample curl").click();
        const curl = await section.getByLabel("Sample curl").textContent();
        expect(curl.includes(url) && curl.includes(`Bearer ${secret}`), "the curl carries the URL and the secret");
        // What the curl does: a delivery with the secret, waiting for the outputs.
        const res = await page.request.post(`${url}?wait=30`, {
          headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
          data: { hello: "world" },
        });
        expect(res.status() === 200, `the delivery answered ${res.status()}: ${await res.text()}`);
        const run = await res.json();
        expect(JSON.stringify(run.outputs.body) === JSON.stringify([{ hello: "world" }]), "the payload came out");
        expect(JSON.stringify(run.outputs.said) === JSON.stringify(["plain"]), "no preset: the input's own value");
        // Choosing a preset on the card: the next delivery runs with the preset's input, the payload as before.
        const saved = page.waitForResponse(
          (r) => r.request().method() === "PATCH" && r.url().endsWith(`/webhooks/${url.split("/").at(-2)}`),
        );
        await section.getByLabel("Webhook preset").selectOption({ label: "Friendly" });
        expect((await saved).status() === 200, "the preset choice was saved");
        expect((await section.getByLabel("Webhook preset").inputValue()) === preset.id, "the card shows the preset");
        const withPreset = await page.request.post(`${url}?wait=30`, {
          headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
          data: { hello: "again" },
        });
        expect(withPreset.status() === 200, `the delivery answered ${withPreset.status()}: ${await withPreset.text()}`);
        const presetRun = await withPreset.json();
        expect(
          JSON.stringify([presetRun.outputs.said, presetRun.outputs.body]) ===
            JSON.stringify([["hello from preset"], [{ hello: "again" }]]),
          `the run used the preset's input, got ${JSON.stringify(presetRun.outputs)}`,
        );
        await page.goto(`${base}/agents/${agent.id}/runs`);
        const cell = page.locator("td[data-trigger]").first();
        await cell.waitFor();
        expect((await cell.textContent()).trim() === "webhook", `the run's trigger, got ${await cell.textContent()}`);
      },
    },
  ];
}
