import { z } from "zod";
import { defineBlock } from "../contract";
import { isoDateTime, strftime } from "../runtime/strftime";
import { formatTypeField, isoFormat, strftimeFormat } from "./format-type";

export const getCurrentDateAndTimeBlock = defineBlock({
  inMemory: true,
  id: "716a67b3-6760-42e7-86dc-18645c6e00fc",
  name: "GetCurrentDateAndTimeBlock",
  description: "This block outputs the current date and time.",
  categories: ["TEXT"],
  input: z.object({
    trigger: z.string().describe("Trigger any data to output the current date and time"),
    format_type: formatTypeField(
      strftimeFormat("%Y-%m-%d %H:%M:%S"),
      isoFormat(true),
      "%Y-%m-%d %H:%M:%S",
      "Format type for date and time output (strftime with custom format or ISO 8601/RFC 3339)",
    ),
  }),
  output: z.object({
    date_time: z.string().describe("Current date and time in the specified format (default: YYYY-MM-DD HH:MM:SS)"),
  }),
  async *run({ format_type }, ctx) {
    const tz = format_type.timezone ?? ctx.timezone;
    if (format_type.discriminator === "iso8601") {
      const micro = "include_microseconds" in format_type && format_type.include_microseconds === true;
      yield ["date_time", isoDateTime(ctx.now(), tz, micro)];
    } else {
      yield ["date_time", strftime(ctx.now(), format_type.format, tz)];
    }
  },
  tests: [
    { input: { trigger: "Hello" }, expect: [["date_time", "2025-03-19 14:30:45"]] },
    {
      input: { trigger: "Hello", format_type: { discriminator: "strftime", format: "%Y/%m/%d" } },
      expect: [["date_time", "2025/03/19"]],
    },
    {
      input: { trigger: "Hello", format_type: { discriminator: "iso8601", timezone: "America/New_York" } },
      expect: [["date_time", "2025-03-19T10:30:45-04:00"]],
    },
    {
      input: { trigger: "Hello", format_type: { discriminator: "iso8601", include_microseconds: true } },
      expect: [["date_time", "2025-03-19T14:30:45.123000+00:00"]],
    },
    {
      input: { trigger: "Hello", format_type: { discriminator: "iso8601", timezone: "Mars/Olympus" } },
      expect: [["error", (m: unknown) => String(m).includes("Unknown timezone: Mars/Olympus")]],
    },
  ],
});
