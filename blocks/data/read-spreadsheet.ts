import Papa from "papaparse";
import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";
import { storeMediaFile } from "../runtime/media-file";

/** Reads CSV text (given directly or as a file) into dictionaries keyed by the header row. */
export const readSpreadsheetBlock = defineBlock({
  id: "acf7625e-d2cb-4941-bfeb-2819fc6fc015",
  name: "ReadSpreadsheetBlock",
  description:
    "Reads CSV files and outputs the data as a list of dictionaries and individual rows. (Excel files are not supported yet.)",
  categories: ["TEXT", "DATA"],
  input: z.object({
    contents: z.string().nullable().default(null).meta({
      description: "The contents of the CSV/spreadsheet data to read",
      placeholder: "a, b, c\n1,2,3\n4,5,6",
      advanced: false,
    }),
    file_input: z.string().nullable().default(null).meta({
      description: "CSV file to read from (URL, data URI, or stored file reference)",
      format: "file",
      advanced: false,
    }),
    delimiter: z.string().min(1).default(",").describe("The delimiter used in the CSV/spreadsheet data"),
    quotechar: z.string().length(1).default('"').describe("The character used to quote fields"),
    escapechar: z.string().length(1).default("\\").describe("The character used to escape the delimiter"),
    has_header: z.boolean().default(true).describe("Whether the CSV file has a header row"),
    skip_rows: z.number().int().min(0).default(0).describe("The number of rows to skip from the start of the file"),
    strip: z.boolean().default(true).describe("Whether to strip whitespace from the values"),
    skip_columns: z
      .array(z.string())
      .default(() => [])
      .describe("The columns to skip (header names, or 0-based positions as text)"),
    produce_singular_result: z
      .boolean()
      .default(false)
      .describe("If True, yield individual 'row' outputs only (can be slow). If False, yield both 'rows' (all data)"),
  }),
  output: z.object({
    row: z.record(z.string(), z.string()).describe("The data produced from each row in the spreadsheet"),
    rows: z.array(z.record(z.string(), z.string())).describe("All the data in the spreadsheet as a list of rows"),
  }),
  async *run(input, ctx) {
    let text: string;
    if (input.file_input) {
      const uri = await storeMediaFile(ctx, input.file_input, "uri", "spreadsheet");
      const file = await ctx.files.get(uri);
      if (!file) throw new Error(`File does not exist: ${input.file_input}`);
      if (/\.xlsx?$/i.test(file.name) || file.contentType.includes("spreadsheetml")) {
        yield ["error", "Excel files are not supported yet; export the sheet as CSV"];
        return;
      }
      text = new TextDecoder().decode(file.data);
    } else if (input.contents) {
      text = input.contents;
    } else {
      yield ["error", "Either 'contents' or 'file_input' must be provided"];
      return;
    }
    const maxChars = (ctx.limits ?? DEFAULT_BLOCK_LIMITS).parsedTextChars;
    if (text.length > maxChars)
      throw new Error(`CSV too large: more than ${maxChars} characters (MAX_PARSED_TEXT_CHARS)`);

    const parsed = Papa.parse<string[]>(text, {
      delimiter: input.delimiter,
      quoteChar: input.quotechar,
      escapeChar: input.escapechar,
      skipEmptyLines: true,
    });
    const records = parsed.data;
    const clean = (v: string) => (input.strip ? v.trim() : v);
    const header = input.has_header ? (records.shift() ?? []).map(clean) : undefined;
    records.splice(0, input.skip_rows);
    const skip = new Set(input.skip_columns);
    const rows = records.map((record) => {
      const row: Record<string, string> = {};
      record.forEach((value, i) => {
        const name = header?.[i] ?? String(i);
        if (!skip.has(name) && !skip.has(String(i))) row[name] = clean(value ?? "");
      });
      return row;
    });
    if (input.produce_singular_result) for (const row of rows) yield ["row", row];
    else yield ["rows", rows];
  },
  tests: [
    {
      input: { contents: "a, b, c\n1,2,3\n4,5,6", produce_singular_result: false },
      expect: [
        [
          "rows",
          [
            { a: "1", b: "2", c: "3" },
            { a: "4", b: "5", c: "6" },
          ],
        ],
      ],
    },
    {
      input: { contents: "a, b, c\n1,2,3\n4,5,6", produce_singular_result: true },
      expect: [
        ["row", { a: "1", b: "2", c: "3" }],
        ["row", { a: "4", b: "5", c: "6" }],
      ],
    },
    {
      name: "quoted fields, a custom delimiter, skipped columns, from a file",
      input: {
        file_input: `data:text/csv;base64,${btoa('name;note;x\n"Ada";"semi;colon";1\n')}`,
        delimiter: ";",
        skip_columns: ["x"],
      },
      expect: [["rows", [{ name: "Ada", note: "semi;colon" }]]],
    },
    { input: {}, expect: [["error", "Either 'contents' or 'file_input' must be provided"]] },
  ],
});
