// Canvas gestures a person makes: drag a block from the palette, connect two handles, read the nodes.

/** Drag a palette block onto the canvas at (x, y) relative to the canvas; returns the new node's id. */
export async function dragBlock(page, blockName, searchText, at) {
  const before = await nodeIds(page);
  await page.getByLabel("Search blocks").fill(searchText);
  const item = page.locator(`[data-block-name="${blockName}"]`).first();
  await item.waitFor({ state: "visible" });
  await item.dragTo(page.getByRole("application", { name: "Agent canvas" }), { targetPosition: at });
  await page.getByLabel("Search blocks").fill("");
  return await newNodeId(page, before);
}

/** Click a palette block (adds it at the centre of the view); returns the new node's id. */
export async function clickBlock(page, blockName, searchText) {
  const before = await nodeIds(page);
  await page.getByLabel("Search blocks").fill(searchText);
  await page.locator(`[data-block-name="${blockName}"]`).first().click();
  await page.getByLabel("Search blocks").fill("");
  return await newNodeId(page, before);
}

export async function nodeIds(page) {
  return await page.locator(".svelte-flow__node").evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
}

async function newNodeId(page, before) {
  for (let i = 0; i < 50; i++) {
    const added = (await nodeIds(page)).filter((id) => !before.includes(id));
    if (added.length === 1) return added[0];
    await page.waitForTimeout(100);
  }
  throw new Error("no new node appeared on the canvas");
}

export const node = (page, id) => page.locator(`.svelte-flow__node[data-id="${id}"]`);
export const handle = (page, nodeId, pin) =>
  page.locator(`.svelte-flow__handle[data-nodeid="${nodeId}"][data-handleid="${pin}"]`);

/** Drag a link from an output handle to an input handle with the mouse, as a person would. */
export async function connect(page, from, to) {
  const a = await handle(page, from.node, from.pin).boundingBox();
  const b = await handle(page, to.node, to.pin).boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${!a ? `${from.node}/${from.pin}` : `${to.node}/${to.pin}`}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Move the view so a node sits in the middle (nodes dropped far apart may be off-screen). */
export async function fitView(page) {
  await page.locator(".svelte-flow__controls-fitview").click();
  await page.waitForTimeout(300);
}
