// Builder tools users of AutoGPT's builder and n8n expect: sticky notes, the node input/output panel with
// run-one-node, auto-layout with undo, find (Ctrl+F) and groups that move together.
import { fitView, node } from "./canvas.mjs";
import { BLOCKS, createAgent, expect, nodeAt, tokenOf, until } from "./helpers.mjs";

const status = (page) => page.locator(".statusline").textContent();
const overlaps = (p, q) => p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;

async function savedGraph(page, base, id, path = "") {
  const token = await tokenOf(page);
  const res = await page.request.get(`${base}/api/v1/graphs/${id}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return await res.json();
}

export function builderScenarios({ base }) {
  return [
    {
      name: "the Note block is a canvas note: Markdown, no pins, resizable, editable; saved and exported as NoteBlock",
      async run(page) {
        const note = crypto.randomUUID();
        const agent = await createAgent(page, base, {
          name: "Notes",
          nodes: [
            nodeAt(note, BLOCKS.note, { text: "## Plan\nCheck **this** first" }, 0, 0, { width: 260, height: 150 }),
            nodeAt(crypto.randomUUID(), BLOCKS.input, { name: "x" }, 400),
          ],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        const card = node(page, note);
        await card.getByRole("heading", { name: "Plan" }).waitFor();
        await card.locator("strong").filter({ hasText: "this" }).waitFor();
        expect((await card.locator(".svelte-flow__handle").count()) === 0, "a note has no pins");
        const before = await card.boundingBox();
        expect(Math.abs(before.width - 260) < 2, `the saved width is used: ${before.width}`);

        await card.click();
        const grip = card.locator(".svelte-flow__resize-control.bottom.right");
        const g = await grip.boundingBox();
        await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2);
        await page.mouse.down();
        await page.mouse.move(g.x + 80, g.y + 60, { steps: 6 });
        await page.mouse.up();
        const after = await card.boundingBox();
        expect(after.width > before.width + 40 && after.height > before.height + 30, "the note resized");

        await card.locator(".body").dblclick();
        await card.getByLabel("Note text").fill("Now *emphasised*");
        await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
        await card.locator("em").filter({ hasText: "emphasised" }).waitFor();

        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(async () => /Saved version 2/.test(await status(page)), "the save");
        const saved = await savedGraph(page, base, agent.id);
        const n = saved.nodes.find((x) => x.id === note);
        expect(n.block_id === BLOCKS.note, "still a NoteBlock node");
        expect(n.input_default.text === "Now *emphasised*", `its text input: ${JSON.stringify(n.input_default)}`);
        expect(n.metadata.width > 300, `its size kept: ${JSON.stringify(n.metadata)}`);
        const exported = await savedGraph(page, base, agent.id, "/export");
        const e = (exported.graph ?? exported).nodes.find((x) => x.block_id === BLOCKS.note);
        expect(e?.input_default.text === "Now *emphasised*", "the export keeps the NoteBlock and its text");
      },
    },
    {
      name: "selecting a node during a run shows its inputs and outputs (tree, copy); 'Run this node' runs it alone",
      async run(page) {
        await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
        const [input, calc, output] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
        const agent = await createAgent(page, base, {
          name: "Inspect me",
          nodes: [
            nodeAt(input, BLOCKS.input, { name: "a" }, 0),
            nodeAt(calc, BLOCKS.calculator, { operation: "Add", b: 10 }, 420, 0, { customized_name: "Adder" }),
            nodeAt(output, BLOCKS.output, { name: "sum" }, 840),
          ],
          links: [
            { source_id: input, sink_id: calc, source_name: "result", sink_name: "a" },
            { source_id: calc, sink_id: output, source_name: "result", sink_name: "value" },
          ],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await page.getByRole("button", { name: "Run", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Run agent" });
        await dialog.getByLabel("a").fill("5");
        await dialog.getByRole("button", { name: "Start run" }).click();
        const strip = page.getByRole("region", { name: "Run" });
        await until(async () => (await strip.locator(".status").first().textContent()) === "COMPLETED", "the run");

        await node(page, calc).locator("header .title").click();
        const panel = page.getByRole("complementary", { name: "Node: Adder" });
        const outputs = panel.getByRole("group", { name: "Outputs" });
        await until(async () => /result:[\s\S]*15/.test(await outputs.textContent()), "the output 15 in the tree");
        const inputs = panel.getByRole("group", { name: "Inputs" });
        expect(/a:\s*"?5/.test(await inputs.textContent()), `the run's input a = 5: ${await inputs.textContent()}`);
        await outputs.getByRole("button", { name: "Copy" }).click();
        await outputs.getByRole("button", { name: "Copied" }).waitFor();
        const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
        expect(JSON.stringify(copied.result) === "[15]", `copied outputs: ${JSON.stringify(copied)}`);

        await panel.getByLabel(/^Inputs \(JSON/).fill('{"a": 6, "b": 7, "operation": "Multiply"}');
        await panel.getByRole("button", { name: "Run this node" }).click();
        await until(async () => /1 of 1 nodes done/.test(await strip.textContent()), "a one-node run");
        await until(async () => /result:[\s\S]*42/.test(await outputs.textContent()), "the single node's output 42");
      },
    },
    {
      name: "auto-layout spreads a stacked graph left to right and undoes; Ctrl+F finds a node; a group moves together",
      async run(page) {
        const ids = [0, 1, 2, 3].map(() => crypto.randomUUID());
        const agent = await createAgent(page, base, {
          name: "Tidy me",
          nodes: [
            nodeAt(ids[0], BLOCKS.input, { name: "a" }, 0),
            nodeAt(ids[1], BLOCKS.calculator, { operation: "Add", b: 1 }, 10, 10),
            nodeAt(ids[2], BLOCKS.calculator, { operation: "Add", b: 2 }, 20, 20, { customized_name: "Find me" }),
            nodeAt(ids[3], BLOCKS.output, { name: "out" }, 30, 30),
          ],
          links: [
            { source_id: ids[0], sink_id: ids[1], source_name: "result", sink_name: "a" },
            { source_id: ids[1], sink_id: ids[2], source_name: "result", sink_name: "a" },
            { source_id: ids[2], sink_id: ids[3], source_name: "result", sink_name: "value" },
          ],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 4, "the nodes");
        const boxes = async () => await Promise.all(ids.map((id) => node(page, id).boundingBox()));
        const stacked = await boxes();
        expect(overlaps(stacked[0], stacked[1]), "the nodes start stacked");

        await page.getByRole("button", { name: "Auto-layout" }).click();
        await page.waitForTimeout(400);
        const laid = await boxes();
        for (let i = 0; i < laid.length; i++)
          for (let j = i + 1; j < laid.length; j++) expect(!overlaps(laid[i], laid[j]), `nodes ${i} and ${j} overlap`);
        for (let i = 1; i < laid.length; i++) expect(laid[i].x > laid[i - 1].x, "left to right along the links");
        expect(await page.getByText("Unsaved changes").isVisible(), "a layout is an unsaved change");
        await page.getByRole("button", { name: "Undo" }).click();
        await page.waitForTimeout(200);
        const undone = await boxes();
        expect(overlaps(undone[0], undone[1]), "undo puts the nodes back");
        expect(!(await page.getByText("Unsaved changes").isVisible()), "undone back to the saved layout");
        await page.getByRole("button", { name: "Redo" }).click();

        await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
        await page.keyboard.press("Control+f");
        await page.getByLabel("Find a node").fill("find");
        await page.keyboard.press("Enter");
        await until(
          async () => (await node(page, ids[2]).getAttribute("class")).includes("selected"),
          "the found node selected",
        );

        // Group the first two, drag the group's header: both move by the same amount, the others stay.
        await page.keyboard.press("Escape");
        await fitView(page);
        await node(page, ids[0]).locator("header .title").click();
        await page.keyboard.down("Control");
        await node(page, ids[1]).locator("header .title").click();
        await page.keyboard.up("Control");
        await page.getByRole("button", { name: "Group", exact: true }).click();
        const header = page.locator(".group-header").first();
        await header.waitFor();
        const start = await boxes();
        const h = await header.boundingBox();
        await page.mouse.move(h.x + 20, h.y + h.height / 2);
        await page.mouse.down();
        await page.mouse.move(h.x + 80, h.y + h.height / 2 + 120, { steps: 8 });
        await page.mouse.up();
        const end = await boxes();
        for (const i of [0, 1]) {
          expect(
            Math.abs(end[i].x - start[i].x - 60) < 3 && Math.abs(end[i].y - start[i].y - 120) < 3,
            `member ${i} moved with the group`,
          );
        }
        for (const i of [2, 3]) expect(end[i].x === start[i].x && end[i].y === start[i].y, `node ${i} stayed`);
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(async () => /Saved version 2/.test(await status(page)), "the save");
        const saved = await savedGraph(page, base, agent.id);
        const groups = saved.nodes.map((n) => n.metadata.group?.id ?? null);
        expect(
          groups[0] && groups[0] === groups[1] && !groups[2] && !groups[3],
          `saved groups: ${JSON.stringify(groups)}`,
        );
      },
    },
    {
      name: "a node dragged into a group's box joins it, dragged out leaves it; undoable, saved, exported, kept on reload",
      async run(page) {
        const group = { id: crypto.randomUUID(), label: "Group 1", width: 760, height: 520 };
        const ids = [0, 1, 2].map(() => crypto.randomUUID());
        const agent = await createAgent(page, base, {
          name: "Regroup",
          nodes: [
            nodeAt(ids[0], BLOCKS.calculator, { operation: "Add", b: 1 }, 0, 0, { group }),
            nodeAt(ids[1], BLOCKS.calculator, { operation: "Add", b: 2 }, 0, 260, { group }),
            nodeAt(ids[2], BLOCKS.calculator, { operation: "Add", b: 3 }, 1100, 0, { customized_name: "Stray" }),
          ],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 3, "the nodes");
        await fitView(page);
        const frame = page.locator(".group-box").first();
        const header = page.locator(".group-header").first();
        const boxes = async () => await Promise.all(ids.map((id) => node(page, id).boundingBox()));
        const centre = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
        const near = (p, q, dx = 0, dy = 0) => Math.abs(q.x - p.x - dx) < 3 && Math.abs(q.y - p.y - dy) < 3;
        /** Drag the stray node by its title so its centre lands at `to`; `during` runs before letting go. */
        const dragStray = async (to, during) => {
          // Dragging the group's header selects its members: a drag of any of them would move them all.
          await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
          const grip = await node(page, ids[2]).locator("header .title").boundingBox();
          const c = centre(await node(page, ids[2]).boundingBox());
          const from = centre(grip);
          await page.mouse.move(from.x, from.y);
          await page.mouse.down();
          await page.mouse.move(to.x + from.x - c.x, to.y + from.y - c.y, { steps: 12 });
          await during?.();
          await page.mouse.up();
        };
        /** Drag the group's header by (60, 80); returns the nodes' boxes before and after. */
        const dragGroup = async () => {
          const before = await boxes();
          const h = await header.boundingBox();
          await page.mouse.move(h.x + 20, h.y + h.height / 2);
          await page.mouse.down();
          await page.mouse.move(h.x + 80, h.y + h.height / 2 + 80, { steps: 8 });
          await page.mouse.up();
          return { before, after: await boxes() };
        };
        const follows = async (what) => {
          const { before, after } = await dragGroup();
          for (const i of [0, 1])
            expect(near(before[i], after[i], 60, 80), `member ${i} moved with the group (${what})`);
          return near(before[2], after[2], 60, 80) ? "moved" : near(before[2], after[2]) ? "stayed" : "elsewhere";
        };

        // Into the box: the frame lights up while the node is over it; dropping makes the node a member.
        const outside = centre((await boxes())[2]);
        const f = await frame.boundingBox();
        await dragStray({ x: f.x + f.width * 0.72, y: f.y + f.height * 0.45 }, async () => {
          await until(
            async () => (await page.locator(".group-box.drop-target").count()) === 1,
            "the frame highlighted",
          );
        });
        await until(
          async () => (await page.locator(".group-box.drop-target").count()) === 0,
          "no highlight after the drop",
        );
        await until(async () => /Added “Stray” to Group 1/.test(await status(page)), "the notice");
        expect(await page.getByText("Unsaved changes").isVisible(), "joining a group is an unsaved change");
        expect((await follows("after joining")) === "moved", "the dropped node moves with the group");

        // Out of the box: the frame stays where it is during the drag and is dimmed; dropped outside, it leaves.
        const frameBefore = await frame.boundingBox();
        await dragStray(outside, async () => {
          await until(async () => (await page.locator(".group-box.leaving").count()) === 1, "the frame dimmed");
          expect(near(frameBefore, await frame.boundingBox()), "the frame stays put while a member is dragged out");
        });
        await until(async () => /Removed “Stray” from Group 1/.test(await status(page)), "the leaving notice");
        const frameAfter = await frame.boundingBox();
        expect(
          near(frameBefore, frameAfter) && Math.abs(frameAfter.width - frameBefore.width) < 3,
          `the frame keeps its place and size: ${JSON.stringify(frameBefore)} -> ${JSON.stringify(frameAfter)}`,
        );
        expect((await follows("after leaving")) === "stayed", "a node dragged out no longer moves with the group");

        // Undo: the group drag, then the drag out (one step: place and membership) — it is a member again.
        await page.getByRole("button", { name: "Undo" }).click();
        await page.getByRole("button", { name: "Undo" }).click();
        expect((await follows("after undo")) === "moved", "undoing the drag out puts the node back in the group");

        // Remove from group (toolbar / Ctrl+Shift+G): the node is set down below the box and leaves it.
        await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
        await node(page, ids[2]).locator("header .title").click();
        await page.getByRole("button", { name: "Remove from group" }).click();
        await until(async () => /Removed “Stray” from Group 1/.test(await status(page)), "removed by the button");
        await fitView(page);
        const below = await boxes();
        const fb = await frame.boundingBox();
        expect(below[2].y > fb.y + fb.height, "set down below the frame");
        expect((await follows("after Remove from group")) === "stayed", "removed: no longer moves with the group");
        await page.getByRole("button", { name: "Undo" }).click();
        await page.getByRole("button", { name: "Undo" }).click();
        await page.locator(".svelte-flow__pane").click({ position: { x: 5, y: 5 } });
        await node(page, ids[2]).locator("header .title").click();
        await page.keyboard.press("Control+Shift+g");
        await until(async () => /Removed “Stray”/.test(await status(page)), "removed by Ctrl+Shift+G");
        await page.getByRole("button", { name: "Undo" }).click();
        expect((await follows("after undoing the removal")) === "moved", "undo brings it back into the group");

        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(async () => /Saved version 2/.test(await status(page)), "the save");
        const saved = await savedGraph(page, base, agent.id);
        const stray = saved.nodes.find((n) => n.id === ids[2]);
        expect(stray.metadata.group?.id === group.id, `saved as a member: ${JSON.stringify(stray.metadata)}`);
        const exported = await savedGraph(page, base, agent.id, "/export");
        const e = (exported.graph ?? exported).nodes.filter((n) => n.metadata?.group?.id === group.id);
        expect(e.length === 3, `the export keeps the three members: ${JSON.stringify(e.map((n) => n.metadata))}`);
        const imported = await page.request.post(`${base}/api/v1/graphs/import`, {
          headers: { authorization: `Bearer ${await tokenOf(page)}` },
          data: exported,
        });
        expect(imported.status() === 201, `the import: ${imported.status()}`);
        const back = (await imported.json()).graph.nodes.filter((n) => n.metadata?.group?.id === group.id);
        expect(back.length === 3, `the import keeps the three members: ${JSON.stringify(back.map((n) => n.metadata))}`);

        await page.reload();
        await until(async () => (await page.locator(".group-header").count()) === 1, "the group after reload");
        await fitView(page);
        expect(!(await page.getByText("Unsaved changes").isVisible()), "nothing unsaved after reload");
        expect((await follows("after reload")) === "moved", "membership survives a reload");
      },
    },
    {
      name: "a group is renamed (double-click its title) and resized (its corner), each undoable, saved and kept on reload",
      async run(page) {
        const group = { id: crypto.randomUUID(), label: "Group 1" };
        const ids = [0, 1, 2].map(() => crypto.randomUUID());
        const agent = await createAgent(page, base, {
          name: "Grouped",
          nodes: [
            nodeAt(ids[0], BLOCKS.calculator, { operation: "Add", b: 1 }, 0, 0, { group }),
            nodeAt(ids[1], BLOCKS.calculator, { operation: "Add", b: 2 }, 0, 260, { group }),
            nodeAt(ids[2], BLOCKS.calculator, { operation: "Add", b: 3 }, 700, 0),
          ],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 3, "the nodes");
        await fitView(page);
        // Room below and right of the box for its corner to be dragged.
        await page.locator(".svelte-flow__controls-zoomout").click();
        await page.locator(".svelte-flow__controls-zoomout").click();
        await page.waitForTimeout(300);
        const header = page.locator(".group-header").first();
        const title = async () => (await header.textContent()).replace(/[✎×]/g, "").trim();
        expect((await title()) === "Group 1", `the group's title: ${await title()}`);

        // Rename: double-click the title, type, Enter. Undo and redo go through it as one step.
        const zoomOf = () =>
          page
            .locator(".svelte-flow__viewport")
            .evaluate((v) => new DOMMatrixReadOnly(getComputedStyle(v).transform).a);
        const zoom = await zoomOf();
        await header.locator(".group-title").dblclick();
        expect((await zoomOf()) === zoom, "double-clicking the title does not zoom the canvas");
        const name = page.getByLabel("Group name");
        await name.fill("Sources");
        await name.press("Enter");
        await until(async () => (await title()) === "Sources", "the new name");
        expect(await page.getByText("Unsaved changes").isVisible(), "a rename is an unsaved change");
        await page.getByRole("button", { name: "Undo" }).click();
        await until(async () => (await title()) === "Group 1", "undo restores the name");
        expect(!(await page.getByText("Unsaved changes").isVisible()), "undone back to the saved graph");
        await page.getByRole("button", { name: "Redo" }).click();
        await until(async () => (await title()) === "Sources", "redo renames again");

        // Resize: drag the box's corner; the members stay where they are.
        const box = page.locator(".group-box").first();
        const flowSize = () =>
          box.evaluate((el) => ({ w: parseFloat(el.style.width), h: parseFloat(el.style.height) }));
        const before = await box.boundingBox();
        const flowBefore = await flowSize();
        const members = await Promise.all(ids.map((id) => node(page, id).boundingBox()));
        const grip = page.getByRole("button", { name: "Resize Sources" });
        const g = await grip.boundingBox();
        await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2);
        await page.mouse.down();
        await page.mouse.move(g.x + g.width / 2 + 150, g.y + g.height / 2 + 100, { steps: 10 });
        await page.mouse.up();
        const after = await box.boundingBox();
        expect(
          Math.abs(after.width - before.width - 150) < 4 && Math.abs(after.height - before.height - 100) < 4,
          `the box grew by the drag: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
        );
        expect(Math.abs(after.x - before.x) < 1 && Math.abs(after.y - before.y) < 1, "its corner stays put");
        const membersAfter = await Promise.all(ids.map((id) => node(page, id).boundingBox()));
        expect(JSON.stringify(members) === JSON.stringify(membersAfter), "resizing moves no node");
        const flowAfter = await flowSize();

        // Shrinking below the members stops at the members.
        const g2 = await grip.boundingBox();
        await page.mouse.move(g2.x + g2.width / 2, g2.y + g2.height / 2);
        await page.mouse.down();
        await page.mouse.move(g2.x - 900, g2.y - 900, { steps: 10 });
        await page.mouse.up();
        const shrunk = await flowSize();
        expect(
          Math.abs(shrunk.w - flowBefore.w) < 2 && Math.abs(shrunk.h - flowBefore.h) < 2,
          `never smaller than its members: ${JSON.stringify(shrunk)} vs ${JSON.stringify(flowBefore)}`,
        );
        await page.getByRole("button", { name: "Undo" }).click();
        await until(async () => Math.abs((await flowSize()).w - flowAfter.w) < 1, "undo restores the resized box");
        await page.getByRole("button", { name: "Undo" }).click();
        await until(async () => Math.abs((await flowSize()).w - flowBefore.w) < 1, "undo restores the original box");
        await until(async () => (await title()) === "Sources", "the rename is a separate step");
        await page.getByRole("button", { name: "Redo" }).click();
        await until(async () => Math.abs((await flowSize()).w - flowAfter.w) < 1, "redo resizes again");
        // The corner also answers the arrow keys.
        await grip.press("ArrowRight");
        await until(async () => Math.abs((await flowSize()).w - flowAfter.w - 20) < 1, "ArrowRight widens the box");
        await page.getByRole("button", { name: "Undo" }).click();
        await until(async () => Math.abs((await flowSize()).w - flowAfter.w) < 1, "undo narrows it again");

        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(async () => /Saved version 2/.test(await status(page)), "the save");
        const saved = await savedGraph(page, base, agent.id);
        const meta = saved.nodes.filter((n) => n.metadata.group).map((n) => n.metadata.group);
        expect(meta.length === 2, `both members keep the group: ${JSON.stringify(meta)}`);
        for (const m of meta) {
          expect(m.id === group.id && m.label === "Sources", `saved label: ${JSON.stringify(m)}`);
          expect(m.width > 0 && m.height > 0, `saved size: ${JSON.stringify(m)}`);
        }

        await page.reload();
        await until(async () => (await page.locator(".group-header").count()) === 1, "the group after reload");
        expect((await title()) === "Sources", "the name survives a reload");
        const reloaded = await flowSize();
        expect(
          Math.abs(reloaded.w - flowAfter.w) < 2 && Math.abs(reloaded.h - flowAfter.h) < 2,
          `the size survives a reload: ${JSON.stringify(reloaded)} vs ${JSON.stringify(flowAfter)}`,
        );
        expect(!(await page.getByText("Unsaved changes").isVisible()), "nothing unsaved after reload");

        // A resized box is layout, like a moved card: running afterwards saves no new version.
        await page.getByRole("button", { name: "Resize Sources" }).press("ArrowDown");
        expect(await page.getByText("Unsaved changes").isVisible(), "a resize is unsaved");
        await page.getByRole("button", { name: "Run", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Run agent" });
        await dialog.waitFor();
        expect(!/Saved version/.test(await status(page)), `no version saved to run: ${await status(page)}`);
        await dialog.getByRole("button", { name: "Cancel" }).click();
      },
    },
  ];
}
