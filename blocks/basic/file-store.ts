import { z } from "zod";
import { defineBlock } from "../contract";
import { storeMediaFile } from "../runtime/media-file";
import { TEST_FILE_SCHEME } from "../runtime/test-context";

/** Brings a file (URL, data URI or stored reference) into the run's file store (R2). */
export const fileStoreBlock = defineBlock({
  id: "cbb50872-625b-42f0-8203-a2ae78242d8a",
  name: "FileStoreBlock",
  description: "Stores the input file in the file store and outputs its reference.",
  categories: ["BASIC", "MULTIMEDIA"],
  staticOutput: true,
  input: z.object({
    file_in: z.string().meta({
      description: "The file to store, it can be a URL, data URI, or a stored file reference.",
      format: "file",
    }),
    base_64: z.boolean().default(false).meta({
      description:
        "Whether produce an output in base64 format (not recommended, you can pass the string path just fine accross blocks).",
      title: "Produce Base64 Output",
      advanced: true,
    }),
  }),
  output: z.object({ file_out: z.string().describe("The reference to the stored file.") }),
  async *run(input, ctx) {
    yield ["file_out", await storeMediaFile(ctx, input.file_in, input.base_64 ? "data_uri" : "uri")];
  },
  tests: [
    {
      input: { file_in: "data:text/csv;base64,YSxiCjEsMg==" },
      expect: [["file_out", (v: unknown) => String(v).startsWith(TEST_FILE_SCHEME) && String(v).endsWith(".csv")]],
    },
    {
      name: "a URL is downloaded through ctx.fetch",
      input: { file_in: "https://example.com/report.txt", base_64: true },
      ctx: {
        fetch: async () => new Response("hello", { headers: { "content-type": "text/plain; charset=utf-8" } }),
      },
      expect: [["file_out", "data:text/plain;base64,aGVsbG8="]],
    },
  ],
});
