// Issue 16 "Broken": what a new user hit first. Each scenario would fail without its fix.
import { BLOCKS, createAgent, expect, nodeAt, tokenOf, until } from "./helpers.mjs";

export function brokenScenarios({ base, email, password }) {
  return [
    {
      name: "every io input type runs from the run dialog with typed values",
      async run(page) {
        const kinds = [
          ["count", BLOCKS.numberInput],
          ["loud", BLOCKS.toggleInput],
          ["day", BLOCKS.dateInput],
          ["at", BLOCKS.timeInput],
          ["colour", BLOCKS.dropdownInput, { placeholder_values: ["red", "green"] }],
          ["rows", BLOCKS.tableInput, { column_headers: ["Name", "Age"] }],
          ["upload", BLOCKS.fileInput],
          ["story", BLOCKS.longTextInput],
        ];
        const nodes = [];
        const links = [];
        kinds.forEach(([name, block, extra], i) => {
          const input = crypto.randomUUID();
          const output = crypto.randomUUID();
          nodes.push(nodeAt(input, block, { name, ...extra }, 0, i * 220));
          nodes.push(nodeAt(output, BLOCKS.output, { name: `out_${name}` }, 420, i * 220));
          links.push({ source_id: input, sink_id: output, source_name: "result", sink_name: "value" });
        });
        const agent = await createAgent(page, base, { name: "All inputs", nodes, links });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 16, "the 16 nodes");
        await page.getByRole("button", { name: "Run", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Run agent" });
        // A number input takes whole numbers (AgentNumberInputBlock's value is an integer): said here, not by a 400.
        await dialog.getByLabel("count").fill("4.5");
        await dialog.getByRole("button", { name: "Start run" }).click();
        await dialog.getByText("A whole number").waitFor();
        await dialog.getByLabel("count").fill("42");
        await dialog.getByLabel("loud").check();
        await dialog.getByLabel("day").fill("2026-03-19");
        await dialog.getByLabel("at").fill("09:30:15");
        await dialog.getByLabel("colour").selectOption("green");
        // The table input is a table: one column per header, rows added and removed, cells typed.
        const table = dialog.getByRole("group", { name: "rows" });
        const heads = await table.locator("th").allTextContents();
        expect(heads.slice(0, 2).join() === "Name,Age", `the table's columns: ${heads}`);
        await table.getByLabel("rows row 1 Name").fill("Ada");
        await table.getByLabel("rows row 1 Age").fill("36");
        await table.getByRole("button", { name: "Add a row to rows" }).click();
        await table.getByLabel("rows row 2 Name").fill("Junk");
        await table.getByRole("button", { name: "Add a row to rows" }).click();
        await table.getByLabel("rows row 3 Name").fill("Alan");
        await table.getByLabel("rows row 3 Age").fill("41");
        await table.getByRole("button", { name: "Remove row 2 of rows" }).click();
        expect(
          (await table.getByLabel("rows row 2 Name").inputValue()) === "Alan",
          "removing a row shifts the rest up",
        );
        await table.getByRole("button", { name: "Add a row to rows" }).click(); // left blank: not a row
        await dialog
          .getByLabel("upload")
          .setInputFiles({ name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
        await dialog.getByLabel("story").fill("Once upon\na time");
        await dialog.getByRole("button", { name: "Start run" }).click();
        const panel = page.getByRole("region", { name: "Run" });
        await panel.waitFor();
        await until(
          async () => (await panel.locator(".status").first().textContent()) === "COMPLETED",
          "the run COMPLETED",
          30_000,
        );
        const out = async (name) => (await page.locator(`[data-output='out_${name}']`).textContent()) ?? "";
        await until(async () => (await out("count")).includes("42"), "the number");
        expect((await out("loud")).includes("true"), `the toggle, got ${await out("loud")}`);
        expect((await out("day")).includes("2026-03-19"), `the date, got ${await out("day")}`);
        expect((await out("at")).includes("09:30:15"), `the time, got ${await out("at")}`);
        expect((await out("colour")).includes("green"), `the dropdown, got ${await out("colour")}`);
        const rows = '[{"Name":"Ada","Age":"36"},{"Name":"Alan","Age":"41"}]';
        expect((await out("rows")) === rows, `the table's rows as typed, got ${await out("rows")}`);
        expect((await out("upload")).length > 0, "the file reference");
        expect((await out("story")).includes("Once upon"), `the long text, got ${await out("story")}`);
      },
    },
    {
      name: "a library preset is filled with the run dialog's controls (number, table) and its run gets those values",
      async run(page) {
        const ids = [0, 1, 2, 3].map(() => crypto.randomUUID());
        await createAgent(page, base, {
          name: "Preset inputs",
          nodes: [
            nodeAt(ids[0], BLOCKS.numberInput, { name: "num" }, 0, 0),
            nodeAt(ids[1], BLOCKS.output, { name: "out_num" }, 420, 0),
            nodeAt(ids[2], BLOCKS.tableInput, { name: "rows", column_headers: ["Name"] }, 0, 220),
            nodeAt(ids[3], BLOCKS.output, { name: "out_rows" }, 420, 220),
          ],
          links: [
            { source_id: ids[0], sink_id: ids[1], source_name: "result", sink_name: "value" },
            { source_id: ids[2], sink_id: ids[3], source_name: "result", sink_name: "value" },
          ],
        });
        await page.goto(`${base}/library`);
        const item = page.locator("li").filter({ hasText: "Preset inputs" });
        await item.getByRole("button", { name: "New preset" }).click();
        const dialog = page.getByRole("dialog", { name: "Preset for Preset inputs" });
        await dialog.getByLabel("Preset name").fill("Typed");
        await dialog.getByLabel("num").fill("7");
        await dialog.getByLabel("rows row 1 Name").fill("Ada");
        await dialog.getByRole("button", { name: "Save preset" }).click();
        await item.getByText("Preset: Typed").waitFor();
        await item.getByRole("button", { name: "Run preset" }).click();
        await page.waitForURL(/\/runs\//);
        const out = (name) => page.locator(`[data-output='${name}']`);
        await until(async () => (await out("out_num").textContent()) === "7", "the preset's number", 30_000);
        const rows = await out("out_rows").textContent();
        expect(rows === '[{"Name":"Ada"}]', `the preset's table rows, got ${rows}`);
      },
    },
    {
      name: "a made-up run address shows only 'not found'",
      async run(page) {
        await page.goto(`${base}/runs/${crypto.randomUUID()}`);
        await page.getByRole("heading", { name: "Run not found" }).waitFor();
        await page.waitForTimeout(500);
        expect((await page.getByRole("button", { name: "Cancel run" }).count()) === 0, "no Cancel run");
        expect(!/QUEUED|0 of 0 nodes/.test(await page.locator("main").textContent()), "no run status");
      },
    },
    {
      name: "the API docs render with no network (Swagger UI served from this origin)",
      async run(page) {
        const external = [];
        const watch = (req) => {
          if (!req.url().startsWith(base)) external.push(req.url());
        };
        page.on("request", watch);
        try {
          await page.goto(`${base}/api/docs`);
          await page.locator(".swagger-ui .info .title").filter({ hasText: "Agentflare API" }).waitFor();
          await page.locator(".opblock").first().waitFor();
        } finally {
          page.off("request", watch);
        }
        expect(external.length === 0, `requests left the origin: ${external.join(", ")}`);
        await page.goto(`${base}/agents`);
      },
    },
    {
      name: "a 401 with unsaved changes keeps them, says 'session expired' and saves after signing in again",
      async run(page) {
        const agent = await createAgent(page, base, {
          name: "Keep my edits",
          nodes: [nodeAt(crypto.randomUUID(), BLOCKS.input, { name: "x" }, 0)],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 1, "the node");
        await page.getByLabel("Agent name").fill("Keep my edits, please");
        // The server refuses the token once, as it would after expiry.
        let refused = false;
        await page.route("**/api/v1/graphs/*", async (route) => {
          if (route.request().method() === "PUT" && !refused) {
            refused = true;
            await route.fulfill({
              status: 401,
              contentType: "application/json",
              body: JSON.stringify({ error: { code: "unauthorized", message: "Token expired", details: [] } }),
            });
          } else await route.continue();
        });
        await page.getByRole("button", { name: "Save", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Session expired" });
        await dialog.waitFor();
        expect(/\/edit/.test(page.url()), "still in the editor");
        expect((await page.getByLabel("Agent name").inputValue()) === "Keep my edits, please", "the edit is kept");
        await dialog.getByLabel("Password").fill(password);
        await dialog.getByRole("button", { name: "Sign in" }).click();
        await until(async () => (await dialog.count()) === 0 || !(await dialog.isVisible()), "the dialog to close");
        await page.unroute("**/api/v1/graphs/*");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(async () => /Saved version 2/.test(await page.getByRole("status").textContent()), "the save");
        const token = await tokenOf(page);
        const saved = await (
          await page.request.get(`${base}/api/v1/graphs/${agent.id}`, { headers: { authorization: `Bearer ${token}` } })
        ).json();
        expect(saved.name === "Keep my edits, please", `saved name: ${saved.name}`);
      },
    },
    {
      name: "signing out never sends the next user to the previous user's agent; theirs says 'not found'",
      async run(page) {
        const agent = await createAgent(page, base, { name: "Private to A", nodes: [], links: [] });
        const url = `${base}/agents/${agent.id}/edit`;
        await page.goto(url);
        await page.getByLabel("Agent name").waitFor();
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.waitForURL(/\/login/);
        await page.getByRole("heading", { name: "Sign in to Agentflare" }).waitFor();
        expect(!page.url().includes("next="), `sign out left ${page.url()}`);
        // An expired session, then a reload: /login?next=<agent> is only for the user who was signed in.
        await page.getByLabel("Email").fill(email);
        await page.getByLabel("Password").fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(/\/agents$/);
        await page.goto(url);
        await page.getByLabel("Agent name").waitFor();
        await page.route("**/api/v1/graphs/*/versions", (route) =>
          route.fulfill({
            status: 401,
            contentType: "application/json",
            body: '{"error":{"code":"unauthorized","message":"expired","details":[]}}',
          }),
        );
        await page.reload();
        // A 401 while the editor loads, with nothing unsaved: the "Session expired" dialog, or (when the 401 lands
        // before the editor is up) the sign-in page with next= at once; either way that is for user A only.
        const expired = page.getByRole("dialog", { name: "Session expired" });
        const atLogin = () => /\/login\?next=/.test(page.url());
        await until(async () => atLogin() || (await expired.isVisible().catch(() => false)), "session expired");
        await page.unroute("**/api/v1/graphs/*/versions");
        if (!atLogin()) await page.reload();
        await page.waitForURL(/\/login\?next=/);
        const other = `other-${Date.now()}@agentflare.test`;
        const signup = await page.request.post(`${base}/api/v1/auth/signup`, { data: { email: other, password } });
        expect(signup.status() === 201, `signing up the second user answered ${signup.status()}`);
        await page.getByLabel("Email").fill(other);
        await page.getByLabel("Password").fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(/\/agents$/);
        await page.goto(url);
        await page.getByRole("heading", { name: "Agent not found" }).waitFor();
        expect(!/version/i.test(await page.locator("main").textContent()), "no version error");
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.waitForURL(/\/login$/);
        await page.getByLabel("Email").fill(email);
        await page.getByLabel("Password").fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(/\/agents$/);
      },
    },
  ];
}
