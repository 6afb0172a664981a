// The pins a node shows: one per schema property, plus dynamic dictionary pins (`values_#_name`) the user
// added by key or that links/defaults already use. Pin names are parsed by the server's own helper
// (graph/dynamic-pins.ts, AutoGPT's data/dynamic_fields.py).
import { basePinName, DICT_SPLIT } from "../../../../graph/dynamic-pins";
import { isSchema, type JsonSchema, nonNullVariants, propertiesOf } from "./json-schema";
import type { NodeSchemas } from "./node-schemas";
import { type PinType, pinTypeOf } from "./pin-types";

export type Pin = {
  name: string;
  /** The schema property this pin belongs to (differs from `name` for dynamic pins). */
  base: string;
  type: PinType;
  schema: JsonSchema;
  title: string;
  required: boolean;
  advanced: boolean;
  dynamic: boolean;
};

export { basePinName };

/** `values`, `name` → `values_#_name`. */
export const dictPinName = (base: string, key: string): string => `${base}${DICT_SPLIT}${key}`;

/** Whether an object field accepts arbitrary keys, so dictionary pins can be added to it. */
export function acceptsDictKeys(schema: JsonSchema): boolean {
  return nonNullVariants(schema).some(
    (s) => (s.type === "object" || s.additionalProperties !== undefined) && !isSchema(s.properties),
  );
}

/** The schema of one entry of a dictionary field (`additionalProperties`), or `{}` meaning any value. */
function dictValueSchema(schema: JsonSchema): JsonSchema {
  for (const s of nonNullVariants(schema)) {
    if (isSchema(s.additionalProperties)) return s.additionalProperties;
  }
  return {};
}

function title(name: string, schema: JsonSchema): string {
  if (typeof schema.title === "string" && schema.title) return schema.title;
  return name.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}

/** Input pins of a node, with dynamic pins placed right after their base field. */
export function inputPins(inputSchema: JsonSchema | undefined, dynamicPins: readonly string[] = []): Pin[] {
  const required = new Set(inputSchema?.required ?? []);
  const pins: Pin[] = [];
  for (const [name, schema] of propertiesOf(inputSchema)) {
    if (schema.hidden) continue;
    pins.push({
      name,
      base: name,
      type: pinTypeOf(schema),
      schema,
      title: title(name, schema),
      required: required.has(name),
      advanced: schema.advanced === true,
      dynamic: false,
    });
    for (const dyn of dynamicPins) {
      if (basePinName(dyn) !== name || dyn === name) continue;
      const valueSchema = dictValueSchema(schema);
      pins.push({
        name: dyn,
        base: name,
        type: pinTypeOf(valueSchema),
        schema: valueSchema,
        title: dyn.slice(name.length + DICT_SPLIT.length),
        required: false,
        advanced: false,
        dynamic: true,
      });
    }
  }
  return pins;
}

/** Output pins of a node. */
export function outputPins(outputSchema: JsonSchema | undefined): Pin[] {
  return propertiesOf(outputSchema)
    .filter(([, schema]) => !schema.hidden)
    .map(([name, schema]) => ({
      name,
      base: name,
      type: pinTypeOf(schema),
      schema,
      title: title(name, schema),
      required: false,
      advanced: false,
      dynamic: false,
    }));
}

/** The dynamic pin names a saved node already uses, from its links and its defaults. */
export function dynamicPinsInUse(inputDefault: Record<string, unknown>, sinkNames: readonly string[]): string[] {
  const names = new Set<string>();
  for (const n of [...Object.keys(inputDefault), ...sinkNames]) {
    if (basePinName(n) !== n) names.add(n);
  }
  return [...names];
}

/**
 * The schema a link's source pin carries: the pin's own, `{}` (any value) for a sub-value selector
 * (`result_#_key`), or undefined when the block has no such output.
 */
export function sourcePinSchema(outputs: readonly Pin[], sourceName: string): JsonSchema | undefined {
  const exact = outputs.find((p) => p.name === sourceName);
  if (exact) return exact.schema;
  return outputs.some((p) => p.name === basePinName(sourceName)) ? {} : undefined;
}

/**
 * Pins links use that the card would not otherwise show (an older block version, a hand-edited file, an output
 * sub-value selector such as `result_#_key`): added as "any value" pins so every link keeps a handle to attach
 * to, stays visible and can be removed. `exact` (outputs): only an identical pin name counts as shown.
 */
export function undeclaredPins(declared: readonly Pin[], used: Iterable<string>, exact = false): Pin[] {
  const known = new Set(declared.map((p) => p.name));
  const bases = new Set(declared.map((p) => p.base));
  const extra: Pin[] = [];
  for (const name of new Set(used)) {
    if (!name || known.has(name) || (!exact && bases.has(basePinName(name)))) continue;
    extra.push({
      name,
      base: name,
      type: "any",
      schema: {},
      title: name,
      required: false,
      advanced: false,
      dynamic: false,
    });
  }
  return extra;
}

/**
 * The pins a node card shows: its schemas' (with its dynamic pins), plus those its links use that the schemas
 * do not declare (see `undeclaredPins`).
 */
export function cardPins(
  schemas: NodeSchemas | undefined,
  dynamicPins: readonly string[],
  linkedInputs: Iterable<string>,
  usedOutputs: Iterable<string>,
): { inputs: Pin[]; outputs: Pin[] } {
  const declaredIn = schemas ? inputPins(schemas.input, dynamicPins) : [];
  const declaredOut = schemas ? outputPins(schemas.output) : [];
  return {
    inputs: [...declaredIn, ...undeclaredPins(declaredIn, linkedInputs)],
    outputs: [...declaredOut, ...undeclaredPins(declaredOut, usedOutputs, true)],
  };
}
