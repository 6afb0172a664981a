// A run's inputs checked against the graph's computed input schema (graph/io-schema.ts): every required
// input present, and each given value of the JSON type its input node declares. Problems name the input.

import type { JsonSchema } from "../../graph/block-catalog";
import type { GraphIoSchema } from "../../graph/io-schema";
import type { ErrorDetail } from "../errors";

const typeOf = (v: unknown): string => {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
};

function accepts(schema: JsonSchema, value: unknown): boolean {
  const declared = schema.type;
  const variants = schema.anyOf ?? schema.oneOf;
  if (declared === undefined) return Array.isArray(variants) ? variants.some((v) => accepts(v, value)) : true;
  const types = Array.isArray(declared) ? declared : [declared];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === "number" && actual === "integer"));
}

/** @example inputProblems(graphInputSchema(graph, catalog), { Address: 1 }) // [{path: "inputs.Address", ...}] */
export function inputProblems(schema: GraphIoSchema, inputs: Readonly<Record<string, unknown>>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const name of schema.required) {
    if (inputs[name] === undefined || inputs[name] === null)
      problems.push({ path: `inputs.${name}`, message: "Required input is missing" });
  }
  for (const [name, value] of Object.entries(inputs)) {
    const property = schema.properties[name];
    if (!property) {
      problems.push({ path: `inputs.${name}`, message: "The graph has no input with this name" });
      continue;
    }
    if (value !== null && value !== undefined && !accepts(property, value)) {
      problems.push({
        path: `inputs.${name}`,
        message: `Expected ${JSON.stringify(property.type ?? "a matching value")}, got ${typeOf(value)}`,
      });
    }
  }
  return problems;
}
