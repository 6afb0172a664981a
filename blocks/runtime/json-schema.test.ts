import { describe, expect, it } from "vitest";
import { agentInputBlock } from "../io/agent-input";
import { calculatorBlock } from "../logic/calculator";
import { sendWebRequestBlock } from "../web/send-web-request";
import { blockJsonSchemas, pinType } from "./json-schema";

describe("blockJsonSchemas", () => {
  it("describes inputs in input mode: defaults present and not required, enums and extras kept", () => {
    const { input } = blockJsonSchemas(calculatorBlock);
    expect(input.type).toBe("object");
    expect(input.required?.sort()).toEqual(["a", "b", "operation"]);
    expect(input.properties?.round_result).toMatchObject({ type: "boolean", default: false });
    expect(input.properties?.operation).toMatchObject({
      enum: ["Add", "Subtract", "Multiply", "Divide", "Power"],
      placeholder: "Select an operation",
      description: "Choose the math operation you want to perform",
    });
    expect(input).not.toHaveProperty("$schema");
  });

  it("keeps AutoGPT extras (advanced, title) and types nullable fields", () => {
    const { input } = blockJsonSchemas(agentInputBlock);
    expect(input.properties?.title).toMatchObject({ advanced: true, default: null, type: ["string", "null"] });
    expect(input.required).toEqual(["name"]);
  });

  it("lists every output pin with the error pin, open to dynamic pins", () => {
    const { output } = blockJsonSchemas(sendWebRequestBlock);
    expect(Object.keys(output.properties ?? {}).sort()).toEqual(["client_error", "error", "response", "server_error"]);
    expect(output).not.toHaveProperty("additionalProperties");
    expect(pinType(output.properties?.error)).toEqual(["string"]);
  });

  it("is computed once per block", () => {
    expect(blockJsonSchemas(calculatorBlock)).toBe(blockJsonSchemas(calculatorBlock));
  });
});

describe("pinType", () => {
  it("reads plain, list and anyOf types; undefined means any", () => {
    expect(pinType({ type: "number" })).toEqual(["number"]);
    expect(pinType({ type: ["string", "null"] })).toEqual(["string", "null"]);
    expect(pinType({ anyOf: [{ type: "array" }, { type: "object" }] })).toEqual(["array", "object"]);
    expect(pinType({ anyOf: [{ type: "array" }, {}] })).toBeUndefined();
    expect(pinType({})).toBeUndefined();
  });
});
