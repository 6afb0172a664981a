// Issue 16 "Confusing": each scenario checks what a new user found confusing now reads clearly.
import { clickBlock, connect, fitView, node } from "./canvas.mjs";
import { BLOCKS, createAgent, expect, nodeAt, tokenOf, until } from "./helpers.mjs";

const HITL = "8b2a7b3c-6e9d-4a5f-8c1b-2e3f4a5b6c7d";
const status = (page) => page.locator(".statusline").textContent();
const versionCount = (page) => page.getByLabel("Version").locator("option").count();

export function confusingScenarios({ base }) {
  return [
    {
      name: "undo back to the saved state clears 'Unsaved changes'; renaming is undoable; only graph changes make a run save a version",
      async run(page) {
        const input = crypto.randomUUID();
        const output = crypto.randomUUID();
        const agent = await createAgent(page, base, {
          name: "Undo me",
          nodes: [nodeAt(input, BLOCKS.input, { name: "x" }, 0), nodeAt(output, BLOCKS.output, { name: "y" }, 420)],
          links: [{ source_id: input, sink_id: output, source_name: "result", sink_name: "value" }],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 2, "the nodes");
        const unsaved = page.getByText("Unsaved changes");
        await page.getByLabel("Agent name").fill("Renamed");
        await unsaved.waitFor();
        await page.getByRole("button", { name: "Undo" }).click();
        await until(async () => (await page.getByLabel("Agent name").inputValue()) === "Undo me", "the name undone");
        await until(async () => !(await unsaved.isVisible()), "'Unsaved changes' to go after undo");
        // Moving a card is not a change to run: no new version.
        await until(async () => (await versionCount(page)) === 1, "one version");
        const card = await node(page, input).locator("header").boundingBox();
        await page.mouse.move(card.x + 40, card.y + 10);
        await page.mouse.down();
        await page.mouse.move(card.x + 40, card.y + 110, { steps: 6 });
        await page.mouse.up();
        await unsaved.waitFor();
        await page.getByRole("button", { name: "Run", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Run agent" });
        await dialog.getByLabel("x").fill("1");
        await dialog.getByRole("button", { name: "Start run" }).click();
        await until(async () => /Started a run of version 1/.test(await status(page)), "the run started on v1");
        expect((await versionCount(page)) === 1, "moving a card must not create a version");
        // A real change: the run saves it first and says so.
        await node(page, output).locator(`[id="f-${output}-name"]`).fill("z");
        await page.getByRole("button", { name: "Run", exact: true }).click();
        await dialog.waitFor();
        await until(
          async () => /Saved version 2 to run it/.test(await status(page)),
          "the notice of the saved version",
        );
        await dialog.getByLabel("x").fill("2");
        await dialog.getByRole("button", { name: "Start run" }).click();
        await until(async () => /run started/.test(await status(page)), "the run started");
      },
    },
    {
      name: "the live-run strip survives a reload",
      async run(page) {
        await page.getByRole("region", { name: "Run" }).waitFor();
        await until(() => /[?&]run=/.test(page.url()), "the run in the address");
        await page.reload();
        const panel = page.getByRole("region", { name: "Run" });
        await panel.waitFor();
        await until(
          async () => (await panel.locator(".status").first().textContent()) === "COMPLETED",
          "the run rebuilt",
        );
      },
    },
    {
      name: "blocks added by click land in free space; errors name nodes by title and clicking one selects it",
      async run(page) {
        const agent = await createAgent(page, base, { name: "Placement", nodes: [], links: [] });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await page.locator("[data-block-name]").first().waitFor({ state: "attached" });
        const a = await clickBlock(page, "AgentInputBlock", "Agent Input");
        await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
        const b = await clickBlock(page, "AgentInputBlock", "Agent Input");
        await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
        const calc = await clickBlock(page, "CalculatorBlock", "Calculator");
        await fitView(page);
        const boxes = await Promise.all([a, b, calc].map((id) => node(page, id).boundingBox()));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [p, q] = [boxes[i], boxes[j]];
            const overlap = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
            expect(!overlap, `new blocks ${i} and ${j} overlap`);
          }
        // Errors: a reserved input name (refused, as AutoGPT does) names the node by title and selects it on click.
        await node(page, a).locator("header .title").dblclick();
        await page.getByLabel("Node title").fill("First question");
        await page.keyboard.press("Enter");
        await node(page, a).locator(`[id="f-${a}-name"]`).fill("credentials");
        await node(page, b).locator(`[id="f-${b}-name"]`).fill("topic");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        const issues = page.locator(".issues");
        await issues.waitFor();
        const text = await issues.textContent();
        expect(!/[0-9a-f]{8}-[0-9a-f]{4}-/.test(text), `errors name nodes by id: ${text}`);
        await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
        await issues.getByRole("button").first().click();
        await until(
          async () => (await page.locator(".svelte-flow__node.selected").count()) === 1,
          "clicking the error to select its node",
        );
      },
    },
    {
      name: "invalid JSON in an object field is kept and refuses the save, naming and focusing the field",
      async run(page) {
        const template = crypto.randomUUID();
        const agent = await createAgent(page, base, {
          name: "Bad JSON",
          nodes: [nodeAt(template, BLOCKS.fillTextTemplate, { format: "Hi {{name}}", values: { name: "Ada" } }, 0)],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        const field = node(page, template).locator(`[id="f-${template}-values"]`);
        await field.fill('{"name": "Ada",');
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(
          async () => /Not saved: .*not valid JSON/.test(await status(page)),
          "the refusal in the status line",
        );
        expect((await field.inputValue()) === '{"name": "Ada",', `the typed text stays: ${await field.inputValue()}`);
        // The view glides to the node first (250 ms), then the cursor goes into the field.
        await until(() => field.evaluate((el) => el === document.activeElement), "the field to have the focus");
        expect((await versionCount(page)) === 1, "nothing was saved");
        // Still there after the card leaves the focus, and a fixed field saves.
        await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
        expect((await field.inputValue()) === '{"name": "Ada",', "the text survives losing focus");
        await field.fill('{"name": "Grace"}');
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(async () => /Saved version 2/.test(await status(page)), "the save once fixed");
        const token = await tokenOf(page);
        const saved = await (
          await page.request.get(`${base}/api/v1/graphs/${agent.id}`, { headers: { authorization: `Bearer ${token}` } })
        ).json();
        const values = saved.nodes.find((n) => n.id === template).input_default.values;
        expect(values?.name === "Grace", `saved values: ${JSON.stringify(values)}`);
      },
    },
    {
      name: "a type-refused link shows its reason at the pointer, and the link legend explains dashed links",
      async run(page) {
        const input = crypto.randomUUID();
        const calc = crypto.randomUUID();
        const agent = await createAgent(page, base, {
          name: "Refusals",
          nodes: [
            nodeAt(calc, BLOCKS.calculator, { operation: "Add", a: 1, b: 2 }, 0),
            nodeAt(input, "db7d8f02-2f44-4c55-ab7a-eae0941f0c30", { format: "x" }, 420),
          ],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 2, "the nodes");
        await connect(page, { node: calc, pin: "result" }, { node: input, pin: "values" });
        const tip = page.locator(".refusal");
        await until(async () => /cannot feed/.test((await tip.textContent()) ?? ""), "the reason at the pointer");
        expect(/static: value reused/.test(await page.getByLabel("Link legend").textContent()), "the legend");
      },
    },
    {
      name: "a run waiting for review shows the data as editable content, with Approve on the run page",
      async run(page) {
        const ids = { input: crypto.randomUUID(), review: crypto.randomUUID(), output: crypto.randomUUID() };
        const agent = await createAgent(page, base, {
          name: "Review on run page",
          nodes: [
            nodeAt(ids.input, BLOCKS.input, { name: "draft" }, 0),
            nodeAt(ids.review, HITL, { name: "Check it", editable: true }, 420),
            nodeAt(ids.output, BLOCKS.output, { name: "approved" }, 840),
          ],
          links: [
            { source_id: ids.input, sink_id: ids.review, source_name: "result", sink_name: "data" },
            { source_id: ids.review, sink_id: ids.output, source_name: "approved_data", sink_name: "value" },
          ],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 3, "the nodes");
        await page.getByRole("button", { name: "Run", exact: true }).click();
        await page.getByRole("dialog", { name: "Run agent" }).getByLabel("draft").fill("Ship it");
        await page.getByRole("button", { name: "Start run" }).click();
        await page.getByRole("region", { name: "Run" }).getByRole("link", { name: "Details" }).click();
        await page.waitForURL(/\/runs\//);
        const prompt = page.getByRole("group", { name: "Review needed: Check it" });
        await prompt.waitFor({ timeout: 20_000 });
        const box = prompt.getByLabel("Data to review (JSON, editable)");
        expect((await box.inputValue()).includes("Ship it"), "the data is in the box, not a placeholder");
        await box.fill('"Ship it today"');
        await prompt.getByRole("button", { name: "Approve" }).click();
        await until(
          async () => ((await page.locator("[data-output='approved']").textContent()) ?? "").includes("Ship it today"),
          "the edited, approved output",
          20_000,
        );
        // The timeline: rows by node title or numbered block name, an axis without repeats.
        const ticks = await page.locator(".timeline .axis span").allInnerTexts();
        expect(new Set(ticks).size === ticks.length, `the axis repeats: ${ticks.join(", ")}`);
      },
    },
  ];
}
