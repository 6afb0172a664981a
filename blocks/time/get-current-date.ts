import { z } from "zod";
import { defineBlock } from "../contract";
import { strftime } from "../runtime/strftime";
import { formatTypeField, isoFormat, strftimeFormat } from "./format-type";

const DAY_MS = 86_400_000;

export const getCurrentDateBlock = defineBlock({
  inMemory: true,
  id: "b29c1b50-5d0e-4d9f-8f9d-1b0e6fcbf0b1",
  name: "GetCurrentDateBlock",
  description: "This block outputs the current date with an optional offset.",
  categories: ["TEXT"],
  input: z.object({
    trigger: z.string().describe("Trigger any data to output the current date"),
    offset: z
      .union([z.number().int(), z.string()])
      .default(0)
      .meta({ title: "Days Offset", description: "Offset in days from the current date (subtracted, as in AutoGPT)" }),
    format_type: formatTypeField(
      strftimeFormat("%Y-%m-%d"),
      isoFormat(false),
      "%Y-%m-%d",
      "Format type for date output (strftime with custom format or ISO 8601)",
    ),
  }),
  output: z.object({ date: z.string().describe("Current date in the specified format (default: YYYY-MM-DD)") }),
  async *run({ offset, format_type }, ctx) {
    const days = typeof offset === "number" ? offset : Number.parseInt(offset, 10) || 0;
    const when = new Date(ctx.now().getTime() - days * DAY_MS);
    const tz = format_type.timezone ?? ctx.timezone;
    const pattern = format_type.discriminator === "iso8601" ? "%Y-%m-%d" : format_type.format;
    yield ["date", strftime(when, pattern, tz)];
  },
  tests: [
    { input: { trigger: "Hello", offset: "7" }, expect: [["date", "2025-03-12"]] },
    {
      input: { trigger: "Hello", offset: "7", format_type: { discriminator: "strftime", format: "%m/%d/%Y" } },
      expect: [["date", "03/12/2025"]],
    },
    {
      input: { trigger: "Hello", offset: "0", format_type: { discriminator: "iso8601", timezone: "UTC" } },
      expect: [["date", "2025-03-19"]],
    },
    {
      name: "the date where it already is tomorrow (UTC+14)",
      input: { trigger: "Hello", format_type: { discriminator: "strftime", timezone: "Pacific/Kiritimati" } },
      expect: [["date", "2025-03-20"]],
    },
  ],
});
