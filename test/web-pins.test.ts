// The editor's pin logic: types and colours from JSON Schemas, dynamic dictionary pins, and the link rule.
import { describe, expect, it } from "vitest";
import type { BlockInfo } from "../web/src/lib/api/schemas";
import { CARD, estimatedCard } from "../web/src/lib/graph-logic/card-estimate";
import { fieldKindOf, parseFieldInput } from "../web/src/lib/graph-logic/fields";
import { nodeSchemas } from "../web/src/lib/graph-logic/node-schemas";
import { canFeed, pinTypeOf } from "../web/src/lib/graph-logic/pin-types";
import {
  acceptsDictKeys,
  basePinName,
  cardPins,
  dictPinName,
  dynamicPinsInUse,
  inputPins,
  outputPins,
  undeclaredPins,
} from "../web/src/lib/graph-logic/pins";

describe("pinTypeOf", () => {
  it("reads optional (anyOf with null) fields as their inner type", () => {
    expect(pinTypeOf({ anyOf: [{ type: "integer" }, { type: "null" }] })).toBe("number");
    expect(pinTypeOf({ type: ["string", "null"] })).toBe("string");
  });
  it("treats string enums as text and untyped or mixed unions as any", () => {
    expect(pinTypeOf({ enum: ["Add", "Subtract"] })).toBe("string");
    expect(pinTypeOf({})).toBe("any");
    expect(pinTypeOf({ anyOf: [{ type: "string" }, { type: "number" }] })).toBe("any");
  });
  it("recognises credentials fields by their AutoGPT extra", () => {
    expect(pinTypeOf({ type: "object", credentials_provider: ["openai"] })).toBe("credentials");
  });
});

describe("canFeed", () => {
  it("refuses a number into an object with a reason a person can read", () => {
    expect(canFeed({ type: "number" }, { type: "object", additionalProperties: {} })).toEqual({
      ok: false,
      reason: "A number output cannot feed an object input",
    });
  });
  it("allows the coercions the server allows (anything to text, text to number), saying so, and untyped pins", () => {
    expect(canFeed({ type: "number" }, { type: "string" })).toEqual({
      ok: true,
      converts: "the number is converted to text",
    });
    expect(canFeed({ type: "string" }, { type: "number" })).toEqual({
      ok: true,
      converts: "the text is converted to number",
    });
    expect(canFeed({}, { type: "number" })).toEqual({ ok: true });
    expect(canFeed({ type: "object" }, {})).toEqual({ ok: true });
  });
});

describe("dynamic pins", () => {
  const fillTemplateInput = {
    type: "object",
    properties: {
      values: { type: "object", additionalProperties: {}, description: "Values for the template" },
      format: { type: "string", title: "Format" },
      escape_html: { type: "boolean", default: false, advanced: true },
    },
    required: ["values", "format"],
  };

  it("names and parses dictionary pins like AutoGPT", () => {
    expect(dictPinName("values", "name")).toBe("values_#_name");
    expect(basePinName("values_#_name")).toBe("values");
    expect(basePinName("items_$_0")).toBe("items");
    expect(basePinName("a_#_b_$_0")).toBe("a");
    expect(basePinName("plain_name")).toBe("plain_name");
  });

  it("lists dynamic pins right after their base field, typed by additionalProperties", () => {
    const pins = inputPins(fillTemplateInput, ["values_#_name", "values_#_city"]);
    expect(pins.map((p) => p.name)).toEqual(["values", "values_#_name", "values_#_city", "format", "escape_html"]);
    expect(pins[1]).toMatchObject({ base: "values", dynamic: true, title: "name", type: "any" });
    expect(pins.find((p) => p.name === "format")).toMatchObject({ required: true, title: "Format", type: "string" });
    expect(pins.find((p) => p.name === "escape_html")).toMatchObject({ advanced: true, type: "boolean" });
  });

  it("finds dynamic pins a saved node uses in its links and defaults", () => {
    expect(dynamicPinsInUse({ format: "x", "values_#_a": 1 }, ["values_#_b", "format"]).sort()).toEqual([
      "values_#_a",
      "values_#_b",
    ]);
  });

  it("offers key pins only on free-form dictionaries", () => {
    expect(acceptsDictKeys({ type: "object", additionalProperties: {} })).toBe(true);
    expect(acceptsDictKeys({ type: "object", properties: { a: { type: "string" } } })).toBe(false);
    expect(acceptsDictKeys({ type: "string" })).toBe(false);
  });

  it("hides hidden outputs", () => {
    const pins = outputPins({ properties: { output: { type: "string" }, secret: { type: "string", hidden: true } } });
    expect(pins.map((p) => p.name)).toEqual(["output"]);
  });
});

describe("field kinds", () => {
  it("picks a control per schema", () => {
    expect(fieldKindOf("operation", { enum: ["Add", "Subtract"] })).toBe("select");
    expect(fieldKindOf("round_result", { type: "boolean" })).toBe("toggle");
    expect(fieldKindOf("a", { type: "number" })).toBe("number");
    expect(fieldKindOf("values", { type: "object" })).toBe("json");
    expect(fieldKindOf("items", { type: "array" })).toBe("json");
    expect(fieldKindOf("format", { type: "string" })).toBe("longtext");
    expect(fieldKindOf("name", { type: "string" })).toBe("text");
    expect(fieldKindOf("api_key", { type: "string", secret: true })).toBe("secret");
  });
  it("parses typed input and reports what is wrong", () => {
    expect(parseFieldInput("number", "4.5")).toEqual({ ok: true, value: 4.5 });
    expect(parseFieldInput("number", "four")).toEqual({ ok: false, error: "Not a number" });
    expect(parseFieldInput("json", '{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseFieldInput("json", "{a:1}")).toEqual({ ok: false, error: "Not valid JSON" });
    expect(parseFieldInput("number", "")).toEqual({ ok: true, value: undefined });
    expect(parseFieldInput("text", "")).toEqual({ ok: true, value: "" });
  });
});

describe("node schemas", () => {
  const executor: BlockInfo = {
    id: "e189baac-8c20-45a1-94a7-55177ea42565",
    name: "AgentExecutorBlock",
    description: "",
    categories: ["AGENT"],
    block_type: "AGENT",
    static_output: false,
    input_schema: {
      type: "object",
      properties: {
        user_id: { type: "string" },
        graph_id: { type: "string" },
        inputs: { type: "object" },
        input_schema: { type: "object" },
        output_schema: { type: "object" },
      },
      required: ["graph_id", "inputs"],
    },
    output_schema: { type: "object", properties: { error: { type: "string" } } },
  };
  const defaults = {
    graph_id: "g1",
    inputs: { topic: "cats" },
    input_schema: { properties: { topic: { type: "string", title: "Topic" } }, required: ["topic"] },
    output_schema: { properties: { summary: { type: "string" } } },
  };

  it("gives sub-agent nodes the sub-graph's pins, keeps their values nested, and hides the plumbing", () => {
    const s = nodeSchemas(executor, defaults);
    const ins = inputPins(s.input);
    expect(ins.map((p) => p.name)).toEqual(["graph_id", "topic"]);
    expect(ins.find((p) => p.name === "topic")).toMatchObject({ required: true, title: "Topic" });
    expect(outputPins(s.output).map((p) => p.name)).toEqual(["summary", "error"]);
    expect([...s.nested]).toEqual(["topic"]);
  });

  it("leaves ordinary blocks as they are", () => {
    const block = { ...executor, block_type: "STANDARD" };
    expect(nodeSchemas(block, defaults).input).toBe(block.input_schema);
  });

  it("adds handles for pins links use that the card does not declare", () => {
    const declared = outputPins({ properties: { result: { type: "object" } } });
    expect(undeclaredPins(declared, ["result", "result_#_key", "gone"], true).map((p) => p.name)).toEqual([
      "result_#_key",
      "gone",
    ]);
    const ins = inputPins({ properties: { values: { type: "object", additionalProperties: {} } } }, ["values_#_a"]);
    expect(undeclaredPins(ins, ["values_#_a", "values_#_b", "old_pin"]).map((p) => p.name)).toEqual(["old_pin"]);
  });
});

describe("card pins and their estimated places", () => {
  const storeValue: BlockInfo = {
    id: "b",
    name: "StoreValueBlock",
    description: "",
    categories: [],
    block_type: "STANDARD",
    static_output: false,
    input_schema: {
      type: "object",
      properties: { input: {}, data: {}, extra: { type: "string", advanced: true } },
      required: ["input"],
    },
    output_schema: { type: "object", properties: { output: {} } },
  };
  const schemas = nodeSchemas(storeValue, {});

  it("adds the pins links use that the block does not declare, inputs by base name and outputs exactly", () => {
    const pins = cardPins(schemas, [], new Set(["input", "old_pin"]), new Set(["output", "output_#_key"]));
    expect(pins.inputs.map((p) => p.name)).toEqual(["input", "data", "extra", "old_pin"]);
    expect(pins.outputs.map((p) => p.name)).toEqual(["output", "output_#_key"]);
  });

  it("places handles where a drawn card has them: linked rows short, field rows tall, advanced ones tucked", () => {
    const linked = new Set(["input"]);
    const pins = cardPins(schemas, [], linked, []);
    const card = estimatedCard(pins.inputs, pins.outputs, linked);
    const at = Object.fromEntries(card.handles.map((h) => [h.id, [h.type, h.side, h.y]]));
    const tucked = CARD.firstHandle + CARD.linkedRow + CARD.fieldRow;
    expect(at).toEqual({
      input: ["target", "left", CARD.firstHandle],
      data: ["target", "left", CARD.firstHandle + CARD.linkedRow],
      extra: ["target", "left", tucked],
      output: ["source", "right", tucked + CARD.advanced + CARD.outputsGap],
    });
    expect(card.measured).toEqual({
      width: CARD.width,
      height: tucked + CARD.advanced + CARD.outputsGap + CARD.outputRow + CARD.bottom,
    });
  });
});
