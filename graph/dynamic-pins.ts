// Dynamic pins, as AutoGPT's backend/data/dynamic_fields.py: a pin name can address a part of a value.
//   values_#_name  → values["name"]   (dict key)
//   items_$_0      → items[0]         (list index)
//   obj_@_attr     → obj.attr         (object attribute; JSON objects serve as both dicts and objects)
// Delimiters chain: `a_#_b_$_0`. Sinks rebuild nested inputs from such names (mergeExecutionInput);
// sources pick a part of a yielded value (parseExecutionOutput).
// Pure: no Cloudflare imports, shared by the engine, the validator and the editor.

import { isJsonObject } from "./json-object";

export const LIST_SPLIT = "_$_";
export const DICT_SPLIT = "_#_";
export const OBJC_SPLIT = "_@_";
/** Order matters for basePinName: it mirrors AutoGPT's DYNAMIC_DELIMITERS tuple. */
export const DYNAMIC_DELIMITERS = [LIST_SPLIT, DICT_SPLIT, OBJC_SPLIT] as const;
type Delimiter = (typeof DYNAMIC_DELIMITERS)[number];
type PathToken = readonly [Delimiter, string];

/** Tool pins of SmartDecisionMaker: yielded as `tools_^_{sink_node_id}_~_{field}`. */
export const TOOL_PIN_PREFIX = "tools_^_";
export const TOOL_PIN_FIELD_SPLIT = "_~_";

/** Raised when a sink pin name holds a list index that is not an integer (AutoGPT raises ValueError). */
export class DynamicPinError extends Error {
  override name = "DynamicPinError";
}

/**
 * The pin a dynamic name hangs off, without any `_#_`/`_$_`/`_@_` suffix.
 * @example basePinName("values_#_name") // "values"
 */
export function basePinName(name: string): string {
  let base = name;
  for (const delimiter of DYNAMIC_DELIMITERS) {
    const at = base.indexOf(delimiter);
    if (at !== -1) base = base.slice(0, at);
  }
  return base;
}

/** True when the name addresses a part of a pin (`values_#_a`), not the pin itself. */
export function isDynamicPin(name: string): boolean {
  return DYNAMIC_DELIMITERS.some((d) => name.includes(d));
}

/** True for SmartDecisionMaker tool pins: `tools` or the legacy `tools_^_…` link names. */
export function isToolPin(name: string): boolean {
  return name === "tools" || name.startsWith(TOOL_PIN_PREFIX);
}

/**
 * The schema field a pin name refers to, for checks against a block's pins: dynamic suffixes
 * stripped, and every tool pin collapsed to `tools`.
 * @example sanitizePinName("tools_^_node1_~_query") // "tools"
 */
export function sanitizePinName(name: string): string {
  const base = basePinName(name);
  return isToolPin(base) ? "tools" : base;
}

/** The earliest delimiter in `s` and its index, or undefined when there is none. */
function nextDelimiter(s: string): { delimiter: Delimiter; at: number } | undefined {
  let found: { delimiter: Delimiter; at: number } | undefined;
  for (const delimiter of DYNAMIC_DELIMITERS) {
    const at = s.indexOf(delimiter);
    if (at !== -1 && (found === undefined || at < found.at)) found = { delimiter, at };
  }
  return found;
}

/** Splits a path that starts with a delimiter into tokens; undefined when malformed (empty identifier). */
function tokenise(path: string): PathToken[] | undefined {
  const tokens: PathToken[] = [];
  let rest = path;
  while (rest.length > 0) {
    const delimiter = DYNAMIC_DELIMITERS.find((d) => rest.startsWith(d));
    if (delimiter === undefined) return undefined;
    rest = rest.slice(delimiter.length);
    const next = nextDelimiter(rest);
    const end = next === undefined ? rest.length : next.at;
    const identifier = rest.slice(0, end);
    if (identifier === "") return undefined;
    tokens.push([delimiter, identifier]);
    rest = rest.slice(end);
  }
  return tokens;
}

/** Python's int() on a list index: optional sign and surrounding spaces, digits only. */
function parseIndex(identifier: string): number | undefined {
  const trimmed = identifier.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
  return Number.parseInt(trimmed, 10);
}

/** defineProperty so a key such as `__proto__` becomes data, never the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Picks what an output link carries from one yielded `[pin, value]`.
 * - selector equal to the pin name → the whole value (even null);
 * - selector `pin` + a dynamic path → the part at that path;
 * - tool pins (`tools_^_{node}_~_{field}` yielded, link source `tools`) → the value only for the link
 *   whose sink node and pin match.
 * Returns `undefined` when the value is not for this link (AutoGPT's None). As in AutoGPT, a path that
 * resolves to null is not routed either.
 * @example parseExecutionOutput(["result", { a: [1, 2] }], "result_#_a_$_1") // 2
 */
export function parseExecutionOutput(
  output: readonly [string, unknown],
  selector: string,
  sinkNodeId?: string,
  sinkPinName?: string,
): unknown {
  const [pinName, data] = output;

  if (isToolPin(selector) && pinName.startsWith(TOOL_PIN_PREFIX) && pinName.includes(TOOL_PIN_FIELD_SPLIT)) {
    if (!sinkNodeId || !sinkPinName) {
      throw new DynamicPinError("sinkNodeId and sinkPinName must be provided for tool pin routing");
    }
    const route = pinName.slice(TOOL_PIN_PREFIX.length);
    const split = route.indexOf(TOOL_PIN_FIELD_SPLIT);
    const targetNode = route.slice(0, split);
    const targetPin = route.slice(split + TOOL_PIN_FIELD_SPLIT.length);
    return targetNode === sinkNodeId && targetPin === sinkPinName ? data : undefined;
  }

  if (selector === pinName) return data;
  if (!selector.startsWith(pinName)) return undefined;
  const tokens = tokenise(selector.slice(pinName.length));
  if (tokens === undefined || tokens.length === 0) return undefined;

  let current: unknown = data;
  for (const [delimiter, identifier] of tokens) {
    if (delimiter === LIST_SPLIT) {
      const index = parseIndex(identifier);
      if (index === undefined || !Array.isArray(current)) return undefined;
      const at = index < 0 ? current.length + index : index;
      if (at < 0 || at >= current.length) return undefined;
      current = current[at];
    } else {
      // _#_ and _@_ both read an own property: JSON has no distinction between dict and object.
      if (!isJsonObject(current) || !Object.hasOwn(current, identifier)) return undefined;
      current = current[identifier];
    }
  }
  return current === null ? undefined : current;
}

/** Returns the container with `value` placed along `tokens`, creating lists/objects as needed. */
function assign(container: unknown, tokens: readonly PathToken[], value: unknown): unknown {
  const [head, ...rest] = tokens;
  if (head === undefined) return value;
  const [delimiter, identifier] = head;

  if (delimiter === LIST_SPLIT) {
    const index = parseIndex(identifier);
    if (index === undefined || index < 0) throw new DynamicPinError("index must be an integer");
    const list = Array.isArray(container) ? [...container] : [];
    while (list.length <= index) list.push(null);
    list[index] = assign(list[index], rest, value);
    return list;
  }

  const object: Record<string, unknown> = isJsonObject(container) ? { ...container } : {};
  setOwn(object, identifier, assign(object[identifier], rest, value));
  return object;
}

/**
 * Rebuilds nested sink inputs from dynamic pin names: `{values_#_a: 1, values_#_b: 2}` gains
 * `values: {a: 1, b: 2}`. The flat keys stay in the result (as AutoGPT's data.update keeps them); a plain
 * value of the base pin met earlier is extended when it is an object/list of the right kind, else replaced. Names with malformed paths stay scalars under
 * their raw name. Throws DynamicPinError for a list index that is not a non-negative integer.
 * @example mergeExecutionInput({ "list_$_0": "a", "list_$_1": "b" }).list // ["a", "b"]
 */
export function mergeExecutionInput(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const next = nextDelimiter(key);
    if (next === undefined) {
      setOwn(merged, key, value);
      continue;
    }
    const base = key.slice(0, next.at);
    const tokens = tokenise(key.slice(next.at));
    if (tokens === undefined) {
      setOwn(merged, key, value);
      continue;
    }
    setOwn(merged, base, assign(Object.hasOwn(merged, base) ? merged[base] : undefined, tokens, value));
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) setOwn(result, key, value);
  for (const [key, value] of Object.entries(merged)) setOwn(result, key, value);
  return result;
}
