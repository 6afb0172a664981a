// Files as a client makes them: an upload through the API, and a file a run stored with FileStoreBlock.
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { createGraph, graphJson, runToEnd, uid } from "../engine-helpers";

const FILE_STORE_BLOCK = "cbb50872-625b-42f0-8203-a2ae78242d8a";
const INPUT_BLOCK = "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b";
const OUTPUT_BLOCK = "363ae599-353e-4804-937e-b2ee3cef3da4";

/** POST /api/v1/files (multipart, field "file"); the raw answer. */
export function uploadFile(token: string, body: Uint8Array | string, name: string, type = "application/octet-stream") {
  const form = new FormData();
  form.append("file", new File([body], name, { type }));
  return exports.default.fetch(
    new Request("http://local.test/api/v1/files", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    }),
  );
}

/**
 * Runs input "doc" → FileStoreBlock → output "stored" to the end with `doc` (a data: URI) and returns the run and
 * the r2:// URI of the file it stored.
 * @example const { run, uri } = await storeFileRun(token, `data:text/plain;base64,${btoa("hi")}`);
 */
export async function storeFileRun(token: string, doc: string, name = "store") {
  const [input, store, out] = [uid("in"), uid("store"), uid("out")];
  const graph = await createGraph(
    token,
    graphJson(
      name,
      [
        { id: input, block_id: INPUT_BLOCK, input_default: { name: "doc" } },
        { id: store, block_id: FILE_STORE_BLOCK, input_default: {} },
        { id: out, block_id: OUTPUT_BLOCK, input_default: { name: "stored" } },
      ],
      [
        [input, "result", store, "file_in"],
        [store, "file_out", out, "value"],
      ],
    ),
  );
  const run = await runToEnd(token, graph.id, { doc });
  expect(run.status).toBe("COMPLETED");
  return { graphId: graph.id, run, uri: String((run.outputs.stored as unknown[])[0]) };
}
