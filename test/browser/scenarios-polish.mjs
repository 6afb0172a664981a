// Editor polish a new user meets: the Schedules panel below the toolbar, a tall run error that does not cover the
// card below it, and credentials named by title and provider name (not the provider's id).
import { node } from "./canvas.mjs";
import { BLOCKS, createAgent, expect, nodeAt, tokenOf, until } from "./helpers.mjs";

const AI_TEXT = "1f292d4a-41a4-4977-9684-7c8d560b9f91";
const EXECUTE_CODE = "0b02b072-abe7-11ef-8372-fb5d162dd712";

const overlaps = (p, q) => p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;

export function polishScenarios({ base, shot }) {
  return [
    {
      name: "polish: the Schedules panel sits below the toolbar, leaves its buttons clickable and scrolls in the window",
      async run(page) {
        const [inp, out] = [crypto.randomUUID(), crypto.randomUUID()];
        const agent = await createAgent(page, base, {
          name: "Polish schedules",
          nodes: [nodeAt(inp, BLOCKS.input, { name: "topic" }, 0), nodeAt(out, BLOCKS.output, { name: "said" }, 400)],
          links: [{ source_id: inp, source_name: "result", sink_id: out, sink_name: "value", is_static: false }],
        });
        // A short window (a laptop with the browser's bars): the panel's content is taller than the room it has.
        const height = 600;
        await page.setViewportSize({ width: 1440, height });
        try {
          await page.goto(`${base}/agents/${agent.id}/edit`);
          await until(async () => (await page.locator(".svelte-flow__node").count()) === 2, "the agent's nodes");
          const toolbar = page.getByRole("toolbar", { name: "Editor" });
          await toolbar.getByRole("button", { name: "Schedules" }).click();
          const panel = page.getByRole("complementary", { name: "Schedules" });
          await panel.getByText("No schedules yet").waitFor();
          const bar = await toolbar.boundingBox();
          const box = await panel.boundingBox();
          expect(
            box.y >= bar.y + bar.height - 1,
            `the panel (top ${box.y}) starts below the toolbar (bottom ${bar.y + bar.height})`,
          );
          expect(box.y + box.height <= height + 1, `the panel ends inside the window, at ${box.y + box.height}`);
          // Every toolbar control is the topmost thing where a click lands.
          const covered = await toolbar.locator("button, a").evaluateAll((els) =>
            els
              .filter((el) => {
                const r = el.getBoundingClientRect();
                if (r.width === 0) return false;
                const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                return !hit || !el.contains(hit);
              })
              .map((el) => el.textContent.trim()),
          );
          expect(covered.length === 0, `toolbar controls covered by the panel: ${covered.join(", ")}`);
          // Its last control is reached by scrolling the panel itself, and is then inside the window.
          const last = await panel.evaluate((el) => {
            el.scrollTop = el.scrollHeight;
            const end = el.querySelector("form button[type=submit]").getBoundingClientRect();
            return { bottom: end.bottom, scrolls: el.scrollHeight > el.clientHeight };
          });
          expect(last.scrolls, "the panel's content overflows a 600 px window, so the panel scrolls");
          expect(last.bottom <= height, `"Create schedule" scrolled into the window, bottom at ${last.bottom}`);
          await panel.evaluate((el) => {
            el.scrollTop = 0;
          });
          await shot(page, "polish-schedules-panel");
          await toolbar.getByRole("button", { name: "Run", exact: true }).click();
          const dialog = page.getByRole("dialog", { name: "Run agent" });
          await dialog.waitFor();
          await dialog.getByRole("button", { name: "Cancel" }).click();
          await panel.getByRole("button", { name: "Close schedules" }).click();
        } finally {
          await page.setViewportSize({ width: 1440, height: 900 });
        }
      },
    },
    {
      name: "polish: a failed node's long error stays inside a bounded card and does not cover the node below",
      async run(page) {
        const [code, below] = [crypto.randomUUID(), crypto.randomUUID()];
        const lines = Array.from({ length: 40 }, (_, i) => `step ${i + 1}: the upstream service refused the request`);
        const agent = await createAgent(page, base, {
          name: "Polish long error",
          nodes: [
            nodeAt(
              code,
              EXECUTE_CODE,
              { language: "js", code: `throw new Error(${JSON.stringify(lines.join("\n"))})` },
              0,
            ),
            // The code card is about 520 high before the run: the usual gap below it, with room for a few lines.
            nodeAt(below, BLOCKS.calculator, { operation: "Add", a: 1, b: 2 }, 0, 700),
          ],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 2, "the agent's nodes");
        const [a0, b0] = await Promise.all([node(page, code).boundingBox(), node(page, below).boundingBox()]);
        expect(!overlaps(a0, b0), "the two cards are apart before the run");
        await page.getByRole("button", { name: "Run", exact: true }).click();
        await page.getByRole("dialog", { name: "Run agent" }).getByRole("button", { name: "Start run" }).click();
        const card = node(page, code);
        await until(async () => (await card.locator(".status").textContent()) === "FAILED", "the code node FAILED");
        const error = card.locator(".run-error");
        await until(async () => /step 40/.test((await error.textContent()) ?? ""), "the whole error on the card");
        const [a, b] = await Promise.all([card.boundingBox(), node(page, below).boundingBox()]);
        expect(!overlaps(a, b), `the failed card (bottom ${a.y + a.height}) covers the one below (top ${b.y})`);
        const box = await error.boundingBox();
        expect(box.height <= 120, `the error is clamped to a few lines, got ${box.height} px`);
        // The rest is a scroll (and a hover) away, not cut off.
        const rest = await error.evaluate((el) => ({ scrolls: el.scrollHeight > el.clientHeight, title: el.title }));
        expect(
          rest.scrolls && rest.title.includes("step 40"),
          `the rest of the error is reachable: ${JSON.stringify(rest)}`,
        );
        await shot(page, "polish-long-error");
      },
    },
    {
      name: "polish: the node's credential picker names the provider, not its id",
      async run(page) {
        const token = await tokenOf(page);
        const add = async (provider, title) => {
          const res = await page.request.post(`${base}/api/v1/credentials`, {
            headers: { authorization: `Bearer ${token}` },
            data: { type: "api_key", provider, title, api_key: `sk-polish-${Date.now()}` },
          });
          expect(res.status() === 201, `adding a credential answered ${res.status()}`);
        };
        await add("openai", "Team key");
        const gen = crypto.randomUUID();
        const agent = await createAgent(page, base, {
          name: "Polish picker",
          nodes: [nodeAt(gen, AI_TEXT, { model: "gpt-4o-mini" }, 0)],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        const picker = node(page, gen).locator(`[id="f-${gen}-credentials"]`);
        await until(async () => (await picker.locator("option").count()) > 1, "the key in the node's picker");
        const labels = await picker.locator("option").allInnerTexts();
        expect(labels.includes("Team key — OpenAI"), `the key reads "title — provider", got ${labels.join(" | ")}`);
        expect(!labels.some((l) => /\([a-z_]+\)$/.test(l)), `no provider ids in the picker: ${labels.join(" | ")}`);
        await picker.selectOption({ label: "Team key — OpenAI" });
        await until(
          async () => (await picker.evaluate((s) => s.options[s.selectedIndex]?.text)) === "Team key — OpenAI",
          "the key picked",
        );
        await shot(page, "polish-credential-picker");
      },
    },
  ];
}
