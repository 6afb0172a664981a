import { z } from "zod";
import { defineBlock } from "../contract";
import { storeMediaFile } from "../runtime/media-file";

export const fileReadBlock = defineBlock({
  id: "3735a31f-7e18-4aca-9e90-08a7120674bc",
  name: "FileReadBlock",
  description: "Reads a file and returns its content as a string, with optional chunking by delimiter and size limits",
  categories: ["TEXT", "DATA"],
  input: z.object({
    file_input: z
      .string()
      .meta({ description: "The file to read from (URL, data URI, or stored file reference)", format: "file" }),
    delimiter: z.string().default("").meta({
      description: "Delimiter to split the content into rows/chunks (e.g., '\\n' for lines)",
      advanced: true,
    }),
    size_limit: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ description: "Maximum size in characters per chunk to yield (0 for no limit)", advanced: true }),
    row_limit: z.number().int().min(0).default(0).meta({
      description: "Maximum number of rows to process (0 for no limit, requires delimiter)",
      advanced: true,
    }),
    skip_size: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ description: "Number of characters to skip from the beginning of the file", advanced: true }),
    skip_rows: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ description: "Number of rows to skip from the beginning (requires delimiter)", advanced: true }),
  }),
  output: z.object({
    content: z
      .string()
      .describe("File content, yielded as individual chunks when delimiter or size limits are applied"),
  }),
  async *run(input, ctx) {
    const uri = await storeMediaFile(ctx, input.file_input, "uri", "file");
    const file = await ctx.files.get(uri);
    if (!file) throw new Error(`File does not exist: ${input.file_input}`);
    let content: string;
    try {
      content = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(file.data);
    } catch {
      content = new TextDecoder("latin1").decode(file.data); // AutoGPT's fallback encoding
    }
    content = content.slice(input.skip_size);
    let items = input.delimiter ? content.split(input.delimiter) : [content];
    items = items.slice(input.skip_rows);
    if (input.row_limit > 0) items = items.slice(0, input.row_limit);
    const full = items.join(input.delimiter);
    if (!full) {
      yield ["content", ""];
      return;
    }
    if (input.size_limit <= 0) {
      yield ["content", full];
      return;
    }
    for (let i = 0; i < full.length; i += input.size_limit) yield ["content", full.slice(i, i + input.size_limit)];
  },
  tests: [
    { input: { file_input: "data:text/plain;base64,SGVsbG8gV29ybGQ=" }, expect: [["content", "Hello World"]] },
    {
      name: "not UTF-8: read as Latin-1",
      input: { file_input: "data:text/plain;base64,Y2Fm6Q==" },
      expect: [["content", "café"]],
    },
    {
      name: "rows skipped and limited, then chunked",
      input: {
        file_input: `data:text/plain;base64,${btoa("h\na\nb\nc\nd")}`,
        delimiter: "\n",
        skip_rows: 1,
        row_limit: 3,
        size_limit: 3,
      },
      expect: [
        ["content", "a\nb"],
        ["content", "\nc"],
      ],
    },
  ],
});
