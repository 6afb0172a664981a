// Small helpers the scenario files share.

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export async function until(fn, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

export const tokenOf = (page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem("agentflare.session") ?? "null")?.token);

/** Creates an agent through the API as the signed-in user; returns the stored graph. */
export async function createAgent(page, base, graph) {
  const token = await tokenOf(page);
  const res = await page.request.post(`${base}/api/v1/graphs`, {
    headers: { authorization: `Bearer ${token}` },
    data: graph,
  });
  if (res.status() !== 201) throw new Error(`creating "${graph.name}" answered ${res.status()}: ${await res.text()}`);
  return await res.json();
}

export const nodeAt = (id, block_id, input_default, x, y = 0, metadata = {}) => ({
  id,
  block_id,
  input_default,
  metadata: { position: { x, y }, ...metadata },
});

export const BLOCKS = {
  input: "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b",
  output: "363ae599-353e-4804-937e-b2ee3cef3da4",
  numberInput: "96dae2bb-97a2-41c2-bd2f-13a3b5a8ea98",
  toggleInput: "cbf36ab5-df4a-43b6-8a7f-f7ed8652116e",
  dateInput: "7e198b09-4994-47db-8b4d-952d98241817",
  timeInput: "2a1c757e-86cf-4c7e-aacf-060dc382e434",
  dropdownInput: "655d6fdf-a334-421c-b733-520549c07cd1",
  tableInput: "5603b273-f41e-4020-af7d-fbc9c6a8d928",
  fileInput: "95ead23f-8283-4654-aef3-10c053b74a31",
  longTextInput: "90a56ffb-7024-4b2b-ab50-e26c5e5ab8ba",
  calculator: "b1ab9b19-67a6-406d-abf5-2dba76d00c79",
  fillTextTemplate: "db7d8f02-2f44-4c55-ab7a-eae0941f0c30",
  note: "cc10ff7b-7753-4ff2-9af6-9399b1a7eddc",
};
