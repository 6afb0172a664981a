// The run dialog's table editor for AgentTableInputBlock: columns from the graph input's schema, rows of cells,
// and the list of row objects the block takes as its value.
import { isSchema, type JsonSchema, nonNullVariants } from "./json-schema";

/** AutoGPT's default headers, for a table input whose schema names none. */
const DEFAULT_HEADERS = ["Column 1", "Column 2", "Column 3"];

export type TableRows = string[][];

const asRows = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((r): r is Record<string, unknown> => isSchema(r)) : [];

/**
 * The table's columns: the schema's row properties (one per header), else the keys of its default rows.
 * @example tableHeaders({ items: { properties: { Name: {}, Age: {} } } }) // ["Name", "Age"]
 */
export function tableHeaders(schema: JsonSchema): string[] {
  for (const variant of [schema, ...nonNullVariants(schema)]) {
    const props = variant.items?.properties;
    if (isSchema(props) && Object.keys(props).length > 0) return Object.keys(props);
  }
  const keys = [...new Set(asRows(schema.default).flatMap((r) => Object.keys(r)))];
  return keys.length > 0 ? keys : [...DEFAULT_HEADERS];
}

/** Cells for the given rows (a default value), one string per header; a missing cell is empty. */
export function tableCells(headers: readonly string[], value: unknown): TableRows {
  return asRows(value).map((row) =>
    headers.map((h) => (row[h] === undefined || row[h] === null ? "" : cellText(row[h]))),
  );
}

const cellText = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

/**
 * The block's value: one object per row keyed by header, rows left entirely blank dropped.
 * @example tableValue(["Name"], [["Ada"], [""]]) // [{ Name: "Ada" }]
 */
export function tableValue(headers: readonly string[], rows: TableRows): Record<string, string>[] {
  return rows
    .filter((cells) => cells.some((c) => c.trim() !== ""))
    .map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""])));
}

/** A new blank row. */
export const blankRow = (headers: readonly string[]): string[] => headers.map(() => "");
