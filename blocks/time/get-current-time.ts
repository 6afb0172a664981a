import { z } from "zod";
import { defineBlock } from "../contract";
import { isoDateTime, strftime } from "../runtime/strftime";
import { formatTypeField, isoFormat, strftimeFormat } from "./format-type";

export const getCurrentTimeBlock = defineBlock({
  inMemory: true,
  id: "a892b8d9-3e4e-4e9c-9c1e-75f8efcf1bfa",
  name: "GetCurrentTimeBlock",
  description: "This block outputs the current time.",
  categories: ["TEXT"],
  input: z.object({
    trigger: z.string().describe("Trigger any data to output the current time"),
    format_type: formatTypeField(
      strftimeFormat("%H:%M:%S"),
      isoFormat(true),
      "%H:%M:%S",
      "Format type for time output (strftime with custom format or ISO 8601)",
    ),
  }),
  output: z.object({ time: z.string().describe("Current time in the specified format (default: %H:%M:%S)") }),
  async *run({ format_type }, ctx) {
    const tz = format_type.timezone ?? ctx.timezone;
    if (format_type.discriminator === "iso8601") {
      const micro = "include_microseconds" in format_type && format_type.include_microseconds === true;
      yield ["time", `T${isoDateTime(ctx.now(), tz, micro).split("T")[1]}`];
    } else {
      yield ["time", strftime(ctx.now(), format_type.format, tz)];
    }
  },
  tests: [
    { input: { trigger: "Hello" }, expect: [["time", "14:30:45"]] },
    {
      input: { trigger: "Hello", format_type: { discriminator: "strftime", format: "%H:%M" } },
      expect: [["time", "14:30"]],
    },
    {
      input: { trigger: "Hello", format_type: { discriminator: "iso8601", timezone: "UTC" } },
      expect: [["time", "T14:30:45+00:00"]],
    },
    {
      name: "the user's timezone applies when none is given",
      input: { trigger: "Hello" },
      ctx: { timezone: "Asia/Kolkata" },
      expect: [["time", "20:00:45"]],
    },
  ],
});
