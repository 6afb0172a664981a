// Issue 13: AI blocks in the editor against the fake OpenAI-compatible server (test/fakes/model-server.mjs, started
// by server.mjs): add a credential, pick it on an AI node, run, watch the text stream in, see tokens and cost; test a
// key on the Credentials page (a good one works, a rejected one shows the provider's 401 without the secret).
import { node } from "./canvas.mjs";
import { createAgent, expect, nodeAt, until } from "./helpers.mjs";

const AI_TEXT = "1f292d4a-41a4-4977-9684-7c8d560b9f91";
const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";

export function aiScenarios({ base, shot }) {
  return [
    {
      name: "test credential keys on the Credentials page: a good key works, a rejected one says why",
      async run(page) {
        await page.goto(`${base}/credentials`);
        await page.getByRole("heading", { name: "Credentials" }).waitFor();
        const form = page.getByRole("form", { name: "Add credentials" });
        // Providers read as names; the value submitted stays the id.
        const options = await form
          .getByLabel("Provider")
          .locator("option")
          .evaluateAll((os) => os.map((o) => [o.value, o.textContent?.trim()]));
        const named = Object.fromEntries(options);
        expect(
          named.openai === "OpenAI" && named.openai_compatible === "OpenAI-compatible server",
          `provider options show names, got ${JSON.stringify(options)}`,
        );
        const addKey = async (title, key) => {
          await form.getByLabel("Provider").selectOption("openai");
          await form.getByLabel("Title").fill(title);
          await form.getByLabel("API key").fill(key);
          await form.getByRole("button", { name: "Add credentials" }).click();
          await page.getByRole("cell", { name: title, exact: true }).waitFor();
        };
        const stamp = Date.now();
        await addKey(`Working key ${stamp}`, `sk-works-${stamp}`);
        // The fake provider answers 401 to "sk-bad" and echoes the key in its message, as OpenAI does.
        await addKey(`Revoked key ${stamp}`, "sk-bad");
        const row = (title) => page.locator("tr", { has: page.getByRole("cell", { name: title, exact: true }) });
        const verdict = async (title) => {
          await row(title)
            .getByRole("button", { name: `Test ${title}` })
            .click();
          const cell = row(title).getByTestId("credential-test");
          await until(
            async () => ["ok", "failed"].includes((await cell.getAttribute("data-state")) ?? ""),
            `the test result of ${title}`,
          );
          return { state: await cell.getAttribute("data-state"), text: (await cell.textContent())?.trim() ?? "" };
        };
        const good = await verdict(`Working key ${stamp}`);
        expect(good.state === "ok" && /Works/.test(good.text), `a good key works, got ${JSON.stringify(good)}`);
        const bad = await verdict(`Revoked key ${stamp}`);
        expect(
          bad.state === "failed" && /rejected the API key \(401\)/.test(bad.text),
          `a rejected key shows the provider's 401, got ${JSON.stringify(bad)}`,
        );
        expect(!bad.text.includes("sk-bad"), "the test result must not show the secret");
        await shot(page, "credentials-tested");
        expect(!(await page.content()).includes(`sk-works-${stamp}`), "the page must not show the secret");
      },
    },
    {
      name: "add a credential, pick it on an AI node, run, watch the text stream, see tokens and cost",
      async run(page) {
        const secret = `sk-browser-${Date.now()}`;
        await page.goto(`${base}/credentials`);
        await page.getByRole("heading", { name: "Credentials" }).waitFor();
        const form = page.getByRole("form", { name: "Add credentials" });
        await form.getByLabel("Provider").selectOption("openai");
        await form.getByLabel("Title").fill("Fake OpenAI");
        await form.getByLabel("API key").fill(secret);
        await form.getByRole("button", { name: "Add credentials" }).click();
        await page.getByRole("cell", { name: "Fake OpenAI", exact: true }).waitFor();
        expect(!(await page.content()).includes(secret), "the page must not show the secret after adding it");

        const gen = crypto.randomUUID();
        const out = crypto.randomUUID();
        const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
        const agent = await createAgent(page, base, {
          name: "Streaming writer",
          nodes: [
            // 60 ms a word: about 2.5 s of streaming, long enough to see the text grow.
            nodeAt(gen, AI_TEXT, { prompt: `[[words:60]] ${words}`, model: "gpt-4o-mini" }, 0, 0),
            nodeAt(out, OUTPUT, { name: "answer" }, 520, 0),
          ],
          links: [{ source_id: gen, source_name: "response", sink_id: out, sink_name: "value", is_static: false }],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        const picker = node(page, gen).locator(`[id="f-${gen}-credentials"]`);
        await until(async () => (await picker.locator("option").count()) > 1, "the credential in the node's picker");
        // Nothing picked yet: the card and the save both say so (the save still goes through).
        const hint = node(page, gen).getByText("Needs credentials", { exact: false });
        await until(async () => await hint.isVisible(), "the card's needs-credentials hint");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(
          async () => /Saved version \d+/.test(await page.getByRole("status").textContent()),
          "the first save",
        );
        const notice = page.getByRole("status").locator("[data-notice]");
        const unpicked = await notice.textContent();
        expect(
          /Saved version \d+ · “AI Text Generator” needs credentials before it can run/.test(unpicked ?? ""),
          `the save names the node lacking credentials, got ${JSON.stringify(unpicked)}`,
        );
        await picker.selectOption({ label: "Fake OpenAI — OpenAI" });
        await until(async () => !(await hint.isVisible()), "the hint to go once credentials are picked");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(
          async () => /^Saved version \d+$/.test((await notice.textContent())?.trim() ?? ""),
          "the save without a credentials warning",
        );

        await page.getByRole("button", { name: "Run", exact: true }).click();
        await page.getByRole("dialog", { name: "Run agent" }).getByRole("button", { name: "Start run" }).click();
        await page.getByRole("region", { name: "Run" }).waitFor();
        // The text grows on the node while the model writes.
        const live = node(page, gen).locator("[data-testid='node-live-text']");
        const first = await until(async () => (await live.textContent().catch(() => ""))?.trim(), "live text", 20_000);
        await until(
          async () => ((await live.textContent().catch(() => "")) ?? "").length > first.length,
          "the live text to grow",
        );
        await shot(page, "ai-text-streaming");
        await until(
          async () => (await page.locator(".svelte-flow__node .status[data-status='COMPLETED']").count()) === 2,
          "both nodes COMPLETED",
          30_000,
        );
        const usage = await node(page, gen).locator("[data-testid='node-usage']").textContent();
        expect(/\d+ tokens .* · \$/.test(usage ?? ""), `the node shows tokens and cost, got "${usage}"`);
        const runUsage = await page.getByRole("region", { name: "Run" }).getByTestId("run-usage").textContent();
        expect(/\d+ tokens/.test(runUsage ?? ""), `the run panel shows tokens, got "${runUsage}"`);
        await shot(page, "ai-text-completed");

        await page.getByRole("region", { name: "Run" }).getByRole("link", { name: "Details" }).click();
        await page.waitForURL(/\/runs\/[^/]+$/);
        await until(
          async () =>
            /\d+ tokens .* · \$/.test(
              (await page.locator("tr td[data-testid='node-usage']").first().textContent()) ?? "",
            ),
          "tokens and cost on the run page's node row",
        );
        expect(
          /\d+ tokens/.test(await page.getByTestId("run-usage").textContent()),
          "the run page shows the run's tokens",
        );
        expect(!(await page.content()).includes(secret), "the run page must not show the secret");
        // The agent's run list prices the run in dollars, as the run page and Monitoring do (not "0 credits").
        await page.goto(`${base}/agents/${agent.id}/runs`);
        await page.getByRole("heading", { name: "Runs" }).waitFor();
        const cost = await until(
          async () => (await page.locator("table.list tbody tr td").nth(3).textContent())?.trim() || undefined,
          "the run's cost in the list",
        );
        expect(/^\$\d/.test(cost ?? ""), `the run list shows the cost in dollars, got "${cost}"`);
      },
    },
  ];
}
