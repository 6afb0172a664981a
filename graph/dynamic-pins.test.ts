// Mirrors AutoGPT's backend/data/dynamic_fields tests (test_parse_execution_output, test_merge_execution_input).
import { describe, expect, it } from "vitest";
import {
  basePinName,
  DynamicPinError,
  isDynamicPin,
  isToolPin,
  mergeExecutionInput,
  parseExecutionOutput,
  sanitizePinName,
} from "./dynamic-pins";

describe("parseExecutionOutput", () => {
  it("selects the whole value when the selector is the pin name", () => {
    expect(parseExecutionOutput(["result", "value"], "result")).toBe("value");
    expect(parseExecutionOutput(["result", null], "result")).toBeNull();
    expect(parseExecutionOutput(["direct", "match"], "nomatch")).toBeUndefined();
  });

  it("walks list, dict and attribute paths", () => {
    expect(parseExecutionOutput(["result", [10, 20, 30]], "result_$_1")).toBe(20);
    expect(parseExecutionOutput(["result", { key1: "value1", key2: "value2" }], "result_#_key1")).toBe("value1");
    expect(parseExecutionOutput(["result", { attr1: "value1" }], "result_@_attr1")).toBe("value1");
    expect(
      parseExecutionOutput(
        [
          "result",
          [
            [1, 2],
            [3, 4],
          ],
        ],
        "result_$_0_$_1",
      ),
    ).toBe(2);
    expect(parseExecutionOutput(["result", [{ key1: "v1" }, { key2: "v2" }]], "result_$_1_#_key2")).toBe("v2");
    expect(parseExecutionOutput(["result", { key1: [1, 2], key2: [3, 4] }], "result_#_key2_$_0")).toBe(3);
    expect(parseExecutionOutput(["result", [[{ key: [1, 2] }], [3, 4]]], "result_$_0_$_0_#_key_$_1")).toBe(2);
    const deep = { key: [{ data: [{ items: [{ value: "deep" }] }] }] };
    expect(parseExecutionOutput(["result", deep], "result_#_key_$_0_@_data_$_0_#_items_$_0_#_value")).toBe("deep");
  });

  it("gives undefined (not routed) for any path that does not resolve", () => {
    expect(parseExecutionOutput(["result", [1, 2, 3]], "result_$_5")).toBeUndefined();
    expect(parseExecutionOutput(["result", [1, 2, 3]], "result_#_key")).toBeUndefined();
    expect(parseExecutionOutput(["result", [1, 2, 3]], "result_@_attr")).toBeUndefined();
    expect(parseExecutionOutput(["result", [1, 2, 3]], "wrong_name")).toBeUndefined();
    expect(parseExecutionOutput(["result", [{ key: [1, 2] }]], "result_$_0_#_wrong_key")).toBeUndefined();
    expect(parseExecutionOutput(["result", [{ key: [1, 2] }]], "result_$_0_#_key_$_5")).toBeUndefined();
    expect(parseExecutionOutput(["result", { key: [1, 2] }], "result_#_key_$_1_@_attr")).toBeUndefined();
    expect(parseExecutionOutput(["result", { key: [1, 2] }], "result_@_attr_$_0_#_key")).toBeUndefined();
    expect(parseExecutionOutput(["result", [1]], "result_$_x")).toBeUndefined();
    // A prefix that is not followed by a delimiter is another pin, not a path.
    expect(parseExecutionOutput(["result", { a: 1 }], "results")).toBeUndefined();
    expect(parseExecutionOutput(["result", { a: null }], "result_#_a")).toBeUndefined();
  });

  it("does not read inherited properties", () => {
    expect(parseExecutionOutput(["result", {}], "result_#_constructor")).toBeUndefined();
    expect(parseExecutionOutput(["result", {}], "result_@___proto__")).toBeUndefined();
  });

  it("routes tool pins only to the matching sink node and pin", () => {
    const out = ["tools_^_node123_~_query", "search term"] as const;
    expect(parseExecutionOutput(out, "tools", "node123", "query")).toBe("search term");
    expect(parseExecutionOutput(out, "tools", "node456", "query")).toBeUndefined();
    expect(parseExecutionOutput(out, "tools", "node123", "different_pin")).toBeUndefined();
    expect(parseExecutionOutput(out, "tools_^_node123_~_query", "node123", "query")).toBe("search term");
    expect(parseExecutionOutput(out, "different_name", "node123", "query")).toBeUndefined();
    expect(
      parseExecutionOutput(["tools_^_node789_~_nested_field", { key: "value" }], "tools", "node789", "nested_field"),
    ).toEqual({
      key: "value",
    });
    expect(() => parseExecutionOutput(out, "tools", "node123")).toThrow(/must be provided for tool pin routing/);
  });
});

describe("mergeExecutionInput", () => {
  it("rebuilds lists, dicts and objects and keeps the flat keys", () => {
    const result = mergeExecutionInput({ list_$_0: "a", list_$_1: "b" });
    expect(result.list).toEqual(["a", "b"]);
    expect(result.list_$_0).toBe("a");
    expect(mergeExecutionInput({ "dict_#_key1": "value1", "dict_#_key2": "value2" }).dict).toEqual({
      key1: "value1",
      key2: "value2",
    });
    expect(mergeExecutionInput({ "object_@_attr1": "value1", "object_@_attr2": "value2" }).object).toEqual({
      attr1: "value1",
      attr2: "value2",
    });
  });

  it("pads sparse lists with null", () => {
    expect(mergeExecutionInput({ list_$_0: "a", list_$_3: "d" }).list).toEqual(["a", null, null, "d"]);
  });

  it("rebuilds nested and chained paths", () => {
    expect(
      mergeExecutionInput({ nested_list_$_0_$_0: "a", nested_list_$_0_$_1: "b", nested_list_$_1_$_0: "c" }).nested_list,
    ).toEqual([["a", "b"], ["c"]]);
    expect(
      mergeExecutionInput({
        "list_with_dict_$_0_#_key1": "value1",
        "list_with_dict_$_0_#_key2": "value2",
        "list_with_dict_$_1_#_key3": "value3",
      }).list_with_dict,
    ).toEqual([{ key1: "value1", key2: "value2" }, { key3: "value3" }]);
    expect(
      mergeExecutionInput({
        "dict_with_list_#_key1_$_0": "value1",
        "dict_with_list_#_key1_$_1": "value2",
        "dict_with_list_#_key2_$_0": "value3",
      }).dict_with_list,
    ).toEqual({ key1: ["value1", "value2"], key2: ["value3"] });
    expect(
      mergeExecutionInput({
        "complex_$_0_#_key1_$_0": "value1",
        "complex_$_0_#_key1_$_1": "value2",
        "complex_$_0_#_key2_@_attr1": "value3",
        "complex_$_1_#_key3_$_0": "value4",
      }).complex,
    ).toEqual([{ key1: ["value1", "value2"], key2: { attr1: "value3" } }, { key3: ["value4"] }]);
    const deep = mergeExecutionInput({
      "deep_#_key_$_0_@_data_$_0_#_items_$_0_#_value": "deep_value",
      "deep_#_key_$_0_@_data_$_1_#_items_$_0_#_value": "another_value",
    }).deep;
    expect(deep).toEqual({
      key: [{ data: [{ items: [{ value: "deep_value" }] }, { items: [{ value: "another_value" }] }] }],
    });
  });

  it("lets the last path decide the container kind", () => {
    const mixed = mergeExecutionInput({
      "mixed_$_0_#_key_@_attr": "value1",
      "mixed_#_key_$_0_@_attr": "value2",
      "mixed_@_attr_$_0_#_key": "value3",
    }).mixed as { attr: { key: string }[] };
    expect(mixed.attr[0]?.key).toBe("value3");
  });

  it("extends a default object of the base pin met earlier", () => {
    const result = mergeExecutionInput({ values: { x: 1 }, "values_#_a": 2 });
    expect(result.values).toEqual({ x: 1, a: 2 });
  });

  it("raises on a list index that is not an integer", () => {
    expect(() => mergeExecutionInput({ list_$_invalid: "value" })).toThrow(DynamicPinError);
    expect(() => mergeExecutionInput({ list_$_invalid: "value" })).toThrow("index must be an integer");
  });

  it("keeps malformed names as scalars under the raw name", () => {
    const result = mergeExecutionInput({ "values_#_": 1 });
    expect(result).toEqual({ "values_#_": 1 });
  });

  it("never writes the prototype", () => {
    const result = mergeExecutionInput({ "values_#___proto__": { polluted: true } });
    const values = result.values as Record<string, unknown>;
    expect(Object.hasOwn(values, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  });

  it("does not mutate its argument", () => {
    const data = { "dict_#_a": 1 };
    mergeExecutionInput(data);
    expect(data).toEqual({ "dict_#_a": 1 });
  });
});

describe("pin names", () => {
  it("strips dynamic suffixes to the base pin", () => {
    expect(basePinName("values_#_name")).toBe("values");
    expect(basePinName("items_$_0")).toBe("items");
    expect(basePinName("obj_@_attr")).toBe("obj");
    expect(basePinName("a_#_b_$_0")).toBe("a");
    expect(basePinName("regular_field")).toBe("regular_field");
    expect(isDynamicPin("values_#_name")).toBe(true);
    expect(isDynamicPin("values")).toBe(false);
  });

  it("collapses tool pins to tools", () => {
    expect(isToolPin("tools")).toBe(true);
    expect(isToolPin("tools_^_abc_~_q")).toBe(true);
    expect(isToolPin("toolset")).toBe(false);
    expect(sanitizePinName("tools_^_abc_~_query")).toBe("tools");
    expect(sanitizePinName("values_#_name")).toBe("values");
  });
});
