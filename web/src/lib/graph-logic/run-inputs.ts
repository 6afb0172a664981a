// The run dialog's controls, chosen from a graph input's JSON Schema, and what a typed value becomes.
import { fieldKindOf, type Parsed, parseFieldInput } from "./fields";
import { enumOptions, type JsonSchema, nonNullVariants } from "./json-schema";

export type RunInputKind =
  | "text"
  | "longtext"
  | "secret"
  | "number"
  | "toggle"
  | "select"
  | "date"
  | "time"
  | "file"
  | "table"
  | "json";

// The format may sit beside an `anyOf` (zod's `.nullable().meta({ format })`, as the table input's value has it).
const formatOf = (schema: JsonSchema): string | undefined =>
  [schema, ...nonNullVariants(schema)].find((s) => typeof s.format === "string")?.format;

/**
 * @example runInputKind("when", { type: "string", format: "date" }) // "date"
 * @example runInputKind("rows", { type: "array", format: "table" }) // "table"
 */
export function runInputKind(name: string, schema: JsonSchema): RunInputKind {
  if (enumOptions(schema)) return "select";
  const format = formatOf(schema);
  if (format === "date") return "date";
  if (format === "time") return "time";
  if (format === "file") return "file";
  if (format === "table") return "table";
  const kind = fieldKindOf(name, schema);
  if (kind === "credentials") return "json";
  if (kind === "secret" || schema.secret === true) return "secret";
  return kind;
}

/** The input takes whole numbers only (`integer`, not `number`). */
export const wantsInteger = (schema: JsonSchema): boolean =>
  nonNullVariants(schema).some((s) => s.type === "integer") &&
  !nonNullVariants(schema).some((s) => s.type === "number");

/**
 * What a control's value (a string, or a number from `<input type=number>`) becomes in the run's inputs.
 * @example parseRunInput("number", 3) // { ok: true, value: 3 }
 */
export function parseRunInput(kind: RunInputKind, raw: unknown, schema?: JsonSchema): Parsed {
  if (kind === "toggle") return { ok: true, value: raw === true };
  const text = raw === undefined || raw === null ? "" : String(raw);
  if (kind === "number") {
    const parsed = parseFieldInput("number", text);
    // Refused here rather than by the server ("Expected integer"), e.g. AgentNumberInputBlock takes whole numbers.
    if (
      parsed.ok &&
      typeof parsed.value === "number" &&
      schema &&
      wantsInteger(schema) &&
      !Number.isInteger(parsed.value)
    )
      return { ok: false, error: "A whole number" };
    return parsed;
  }
  if (kind === "json" || kind === "table") return parseFieldInput("json", text);
  if (text === "") return { ok: true, value: undefined };
  return { ok: true, value: text };
}
