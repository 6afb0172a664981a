// AutoGPT's `format_type` input of the time blocks: strftime with a pattern, or ISO 8601. The timezone is
// optional here: when absent, the user's timezone (ctx.timezone) applies.
import { z } from "zod";

const timezone = z.string().optional().describe("IANA timezone, e.g. Europe/Paris. Defaults to the user's timezone.");

export const strftimeFormat = (defaultFormat: string) =>
  z.object({
    discriminator: z.literal("strftime").describe("Format with a strftime pattern"),
    format: z.string().default(defaultFormat).describe("strftime pattern, e.g. %Y-%m-%d %H:%M:%S"),
    timezone,
  });

export const isoFormat = (withMicroseconds: boolean) =>
  z.object({
    discriminator: z.literal("iso8601").describe("Format as ISO 8601"),
    timezone,
    ...(withMicroseconds
      ? { include_microseconds: z.boolean().default(false).describe("Include microseconds in the time") }
      : {}),
  });

export const formatTypeField = <A extends z.ZodObject, B extends z.ZodObject>(
  strftime: A,
  iso: B,
  defaultFormat: string,
  description: string,
) =>
  z
    .discriminatedUnion("discriminator", [strftime, iso])
    .default({ discriminator: "strftime", format: defaultFormat } as never)
    .describe(description);
