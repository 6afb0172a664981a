// Files in the editor (issue 17): the run dialog uploads a picked file through POST /api/v1/files, the agent stores
// it (FileStoreBlock), and the run page downloads the output file through a signed link.
import { readFile } from "node:fs/promises";
import { BLOCKS, createAgent, expect, nodeAt, until } from "./helpers.mjs";

const FILE_STORE = "cbb50872-625b-42f0-8203-a2ae78242d8a";

export function fileScenarios({ base }) {
  return [
    {
      name: "upload a file in the run dialog, the agent outputs a file, download it from the run page",
      async run(page) {
        const [input, store, output] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
        const agent = await createAgent(page, base, {
          name: "Keep a file",
          nodes: [
            nodeAt(input, BLOCKS.fileInput, { name: "doc" }, 0),
            nodeAt(store, FILE_STORE, {}, 420),
            nodeAt(output, BLOCKS.output, { name: "stored" }, 840),
          ],
          links: [
            { source_id: input, sink_id: store, source_name: "result", sink_name: "file_in" },
            { source_id: store, sink_id: output, source_name: "file_out", sink_name: "value" },
          ],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        await until(async () => (await page.locator(".svelte-flow__node").count()) === 3, "the 3 nodes");
        await page.getByRole("button", { name: "Run", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Run agent" });
        const uploads = [];
        const watch = (req) => {
          if (req.method() === "POST" && new URL(req.url()).pathname === "/api/v1/files") uploads.push(req.url());
        };
        page.on("request", watch);
        const body = "name,score\nada,36\n";
        await dialog
          .getByLabel("doc")
          .setInputFiles({ name: "report.csv", mimeType: "text/csv", buffer: Buffer.from(body) });
        await dialog.getByText("Uploaded report.csv").waitFor();
        page.off("request", watch);
        expect(uploads.length === 1, `one upload through POST /api/v1/files, saw ${uploads.length}`);
        await dialog.getByRole("button", { name: "Start run" }).click();
        const panel = page.getByRole("region", { name: "Run" });
        await until(
          async () => (await panel.locator(".status").first().textContent()) === "COMPLETED",
          "the run COMPLETED",
          30_000,
        );
        // The run's input is a file reference, not the file's bytes as a data URI.
        await panel.getByRole("link", { name: "Details" }).click();
        await page.getByRole("heading", { name: "Run", exact: true }).waitFor();
        const inputs = (await page.locator("section[aria-labelledby='inputs-h']").textContent()) ?? "";
        expect(inputs.includes("r2://") && !inputs.includes("data:"), `the input is a reference, got ${inputs}`);
        const stored = page.locator("[data-output='stored']");
        await stored.getByRole("button", { name: /^Download / }).waitFor();
        const download = page.waitForEvent("download");
        await stored.getByRole("button", { name: /^Download / }).click();
        const file = await download;
        const got = await readFile(await file.path(), "utf8");
        expect(got === body, `the downloaded file's content, got ${JSON.stringify(got)}`);
        expect(file.suggestedFilename().endsWith(".csv"), `a .csv download, got ${file.suggestedFilename()}`);
      },
    },
  ];
}
