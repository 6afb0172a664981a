// A newcomer's first AI agent, broken on purpose: run it before picking a key, delete the key it uses, schedule it
// with its required input left as the form fills it. Each refusal must say which node and what to do.
import { node } from "./canvas.mjs";
import { BLOCKS, createAgent, expect, nodeAt, tokenOf, until } from "./helpers.mjs";

const AI_TEXT = "1f292d4a-41a4-4977-9684-7c8d560b9f91";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function newcomerScenarios({ base }) {
  return [
    {
      name: "newcomer: a run without credentials, or with deleted ones, names the node; the picker says they are gone",
      async run(page) {
        const [inp, gen, out] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
        const agent = await createAgent(page, base, {
          name: "Newcomer writer",
          nodes: [
            nodeAt(inp, BLOCKS.input, { name: "topic" }, 0),
            nodeAt(gen, AI_TEXT, { model: "gpt-4o-mini" }, 400),
            nodeAt(out, BLOCKS.output, { name: "answer" }, 900),
          ],
          links: [
            { source_id: inp, source_name: "result", sink_id: gen, sink_name: "prompt", is_static: false },
            { source_id: gen, source_name: "response", sink_id: out, sink_name: "value", is_static: false },
          ],
        });
        const dialog = page.getByRole("dialog", { name: "Run agent" });
        const runRefusal = async () => {
          await page.getByRole("button", { name: "Run", exact: true }).click();
          await dialog.getByRole("textbox").first().fill("cats");
          await dialog.getByRole("button", { name: "Start run" }).click();
          const alert = dialog.getByRole("alert");
          await alert.waitFor();
          return ((await alert.textContent()) ?? "").trim();
        };

        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 3, "the agent's nodes");
        const missing = await runRefusal();
        expect(
          /“AI Text Generator” needs credentials .*pick them on the node/.test(missing) && !UUID.test(missing),
          `a run without a key names the node, not its id; got "${missing}"`,
        );
        await dialog.getByRole("button", { name: "Cancel" }).click();

        // Pick a key on the node, save, then delete the key (as on the Credentials page).
        const token = await tokenOf(page);
        const res = await page.request.post(`${base}/api/v1/credentials`, {
          headers: { authorization: `Bearer ${token}` },
          data: { type: "api_key", provider: "openai", title: "Soon deleted key", api_key: `sk-gone-${Date.now()}` },
        });
        expect(res.status() === 201, `adding a credential answered ${res.status()}`);
        const credential = await res.json();
        const picker = node(page, gen).locator(`[id="f-${gen}-credentials"]`);
        await picker.focus(); // focusing reloads the list, as a person opening the picker does
        await until(async () => (await picker.locator("option").count()) > 1, "the new key in the picker");
        await picker.selectOption({ label: "Soon deleted key — OpenAI" });
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(async () => /Saved version \d+/.test(await page.getByRole("status").textContent()), "the save");
        const del = await page.request.delete(`${base}/api/v1/credentials/${credential.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(del.ok(), `deleting the credential answered ${del.status()}`);

        await page.reload();
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 3, "the agent's nodes again");
        const shown = async () => await picker.evaluate((s) => s.options[s.selectedIndex]?.text ?? "");
        await until(async () => (await shown()).includes("(deleted)"), "the picker to say the key was deleted");
        expect(
          (await shown()) === "Soon deleted key (deleted)",
          `the picker shows the deleted key by its title, got "${await shown()}"`,
        );
        await node(page, gen).getByText("These credentials no longer exist").waitFor();
        const gone = await runRefusal();
        expect(
          /“AI Text Generator”: its credentials no longer exist/.test(gone) && !UUID.test(gone),
          `a run with a deleted key names the node, not ids; got "${gone}"`,
        );
        await dialog.getByRole("button", { name: "Cancel" }).click();
      },
    },
    {
      name: "newcomer: a schedule is named after what it repeats and refuses an empty required input",
      async run(page) {
        const [inp, out] = [crypto.randomUUID(), crypto.randomUUID()];
        const agent = await createAgent(page, base, {
          name: "Newcomer echo",
          nodes: [nodeAt(inp, BLOCKS.input, { name: "topic" }, 0), nodeAt(out, BLOCKS.output, { name: "said" }, 400)],
          links: [{ source_id: inp, source_name: "result", sink_id: out, sink_name: "value", is_static: false }],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 2, "the agent's nodes");
        await page.getByRole("button", { name: "Schedules" }).click();
        const panel = page.getByRole("complementary", { name: "Schedules" });
        await panel.getByText("No schedules yet").waitFor();
        await panel.getByLabel("Cron preset").selectOption({ label: "Every minute" });
        // The form starts with {"topic": ""}: every run of that schedule would start without a topic.
        await panel.getByRole("button", { name: "Create schedule" }).click();
        const alert = panel.getByRole("alert");
        await alert.waitFor();
        expect(
          /“topic” is required/.test((await alert.textContent()) ?? ""),
          `an empty required input is refused, got "${await alert.textContent()}"`,
        );
        expect((await panel.locator("li[data-schedule]").count()) === 0, "no schedule was made");
        await panel.getByLabel("Schedule inputs").fill('{"topic": "cats"}');
        await panel.getByRole("button", { name: "Create schedule" }).click();
        const item = panel.locator("li[data-schedule]");
        await until(async () => (await item.count()) === 1, "the new schedule listed");
        const text = (await item.textContent()) ?? "";
        expect(
          text.includes("Every minute") && !text.includes("Every day"),
          `an every-minute schedule is not named "Every day", got "${text}"`,
        );
      },
    },
    {
      name: "newcomer: a run page shows a large value by its size, and an ended run without outputs says why",
      async run(page) {
        const inp = crypto.randomUUID();
        // No output block: the run ends with nothing to show under Outputs.
        const agent = await createAgent(page, base, {
          name: "Newcomer long text",
          nodes: [nodeAt(inp, BLOCKS.input, { name: "text" }, 0)],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 1, "the agent's node");
        await page.getByRole("button", { name: "Run", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Run agent" });
        // Over MAX_INLINE_VALUE_BYTES (128 KiB): the input block's output is kept in R2 and shown by reference.
        await dialog.getByRole("textbox").first().fill("lorem ipsum ".repeat(15_000));
        await dialog.getByRole("button", { name: "Start run" }).click();
        const region = page.getByRole("region", { name: "Run" });
        await until(async () => /COMPLETED/.test((await region.textContent()) ?? ""), "the run to complete", 30_000);
        await region.getByRole("link", { name: "Details" }).click();
        await page.waitForURL(/\/runs\/[^/]+$/);
        const row = page.locator(`tr[data-node-id="${inp}"]`);
        await until(
          async () => /too large to show here/.test((await row.textContent()) ?? ""),
          "the value's size note",
        );
        const cells = (await row.textContent()) ?? "";
        expect(!cells.includes("$agentflare_ref") && !cells.includes("/values/"), `no storage key shown: "${cells}"`);
        const outputs = page.locator("section[aria-labelledby='outputs-h']");
        expect(
          /None: no output block ran/.test((await outputs.textContent()) ?? ""),
          `an ended run's empty outputs do not read "None yet", got "${await outputs.textContent()}"`,
        );
      },
    },
    {
      name: "newcomer: an added block and a failing block are named as the palette names them",
      async run(page) {
        const token = await tokenOf(page);
        const auth = { authorization: `Bearer ${token}` };
        // The fake provider answers 401 to the key "sk-bad": the AI node fails.
        const res = await page.request.post(`${base}/api/v1/credentials`, {
          headers: auth,
          data: { type: "api_key", provider: "openai", title: "Rejected key", api_key: "sk-bad" },
        });
        expect(res.status() === 201, `adding a credential answered ${res.status()}`);
        const { id, provider, type, title } = await res.json();
        const gen = crypto.randomUUID();
        const agent = await createAgent(page, base, {
          name: "Newcomer failing writer",
          nodes: [nodeAt(gen, AI_TEXT, { prompt: "hello", credentials: { id, provider, type, title } }, 0)],
          links: [],
        });
        const run = await page.request.post(`${base}/api/v1/graphs/${agent.id}/execute?wait=20`, {
          headers: auth,
          data: { inputs: {} },
        });
        expect(run.status() === 200, `the run answered ${run.status()}: ${await run.text()}`);

        await page.goto(`${base}/monitoring`);
        await page.getByRole("heading", { name: "Blocks that fail most" }).waitFor();
        const failing = page.locator("table", { has: page.getByRole("columnheader", { name: "Failures" }) });
        await failing.getByRole("cell", { name: "AI Text Generator", exact: true }).waitFor();
        const names = await failing.locator("tbody tr td:first-child").allTextContents();
        expect(!names.some((n) => /Block$/.test(n)), `block class names shown: ${JSON.stringify(names)}`);

        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 1, "the agent's node");
        await page.getByLabel("Search blocks").fill("Agent Output");
        await page.locator('[data-block-name="AgentOutputBlock"]').first().click();
        await until(
          async () => /Added Agent Output\b/.test((await page.getByRole("status").textContent()) ?? ""),
          "the notice to name the block as the palette does",
        );
      },
    },
  ];
}
