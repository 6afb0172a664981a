// A run's inputs are checked against the graph's input schema before anything is stored: each value against its
// input node's JSON Schema (type, enum from placeholder values), with the input's name in the error path.
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, execute, graphJson, newUser, uid } from "./engine-helpers";

const NUMBER_INPUT = "96dae2bb-97a2-41c2-bd2f-13a3b5a8ea98";

type ErrorBody = { error: { code: string; details: { path: string; message: string }[] } };

describe("execute: input checks", () => {
  it("refuses a value its input's schema does not allow, naming the input; a valid one runs", async () => {
    const { token } = await newUser();
    const [colour, count, out] = [uid("colour"), uid("count"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "checked inputs",
        [
          {
            id: colour,
            block_id: BLOCK.input,
            input_default: { name: "colour", placeholder_values: ["red", "green"] },
          },
          { id: count, block_id: NUMBER_INPUT, input_default: { name: "count" } },
          { id: out, block_id: BLOCK.output, input_default: { name: "colour" } },
        ],
        [[colour, "result", out, "value"]],
      ),
    );
    const wrongChoice = await execute(token, graph.id, { colour: "blue", count: 1 });
    expect(wrongChoice.status).toBe(400);
    const choice = (await wrongChoice.json()) as ErrorBody;
    expect(choice.error.details).toEqual([{ path: "inputs.colour", message: expect.stringContaining("red") }]);

    const wrongType = await execute(token, graph.id, { colour: "red", count: "three" });
    expect(wrongType.status).toBe(400);
    const type = (await wrongType.json()) as ErrorBody;
    expect(type.error.details).toEqual([{ path: "inputs.count", message: "Expected integer or null, got string" }]);

    const ok = await execute(token, graph.id, { colour: "green", count: 3 }, 10);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { outputs: unknown }).outputs).toEqual({ colour: ["green"] });
  });
});
