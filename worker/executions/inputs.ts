// A run's inputs checked against the graph's computed input schema (graph/io-schema.ts): every required input
// present (null counts as missing, as in AutoGPT), no unknown names, and each given value valid against its input
// node's JSON Schema (@cfworker/json-schema, so enum, bounds, items and formats hold too). Problems name the input.
import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import type { JsonSchema } from "../../graph/block-catalog";
import type { GraphIoSchema } from "../../graph/io-schema";
import type { ErrorDetail } from "../errors";

/** One compiled validator per property schema object (the prepared graph's schema is reused across runs). */
const validators = new WeakMap<JsonSchema, Validator>();

function validatorFor(schema: JsonSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema as Schema, "2020-12", false);
    validators.set(schema, validator);
  }
  return validator;
}

const WRAPPERS = new Set(["anyOf", "oneOf", "allOf", "properties", "items", "$ref"]);

const typeOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

const at = (value: unknown, place: string): unknown =>
  place === "" ? value : place.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], value);

/**
 * The innermost errors say what is wrong (the wrappers only that something is); per place in the value, type
 * errors of alternatives read as one (`Expected integer or null, got string`).
 */
function describe(name: string, value: unknown, errors: readonly OutputUnit[]): ErrorDetail[] {
  const leaves = errors.filter((e) => !WRAPPERS.has(e.keyword));
  const byPlace = new Map<string, OutputUnit[]>();
  for (const e of leaves.length > 0 ? leaves : errors.slice(0, 1)) {
    const place = e.instanceLocation.replace(/^#\/?/, "").split("/").filter(Boolean).join(".");
    byPlace.set(place, [...(byPlace.get(place) ?? []), e]);
  }
  return [...byPlace].map(([place, units]) => {
    const types = units.flatMap((u) => (u.keyword === "type" ? [/Expected "([^"]+)"/.exec(u.error)?.[1] ?? "?"] : []));
    const message =
      types.length === units.length
        ? `Expected ${[...new Set(types)].join(" or ")}, got ${typeOf(at(value, place))}`
        : [...new Set(units.map((u) => u.error))].join("; ");
    return { path: place ? `inputs.${name}.${place}` : `inputs.${name}`, message };
  });
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
    if (value === null || value === undefined) continue;
    const { valid, errors } = validatorFor(property).validate(value);
    if (valid) continue;
    problems.push(...describe(name, value, errors));
  }
  return problems;
}
