// Graph outputs as AutoGPT's GraphExecution.from_db builds them, from plain node executions.
import { describe, expect, it } from "vitest";
import type { BlockCatalog } from "./block-catalog";
import type { NodeExec } from "./node-exec";
import { runOutputs } from "./run-report";

const catalog: BlockCatalog = (id) =>
  id === "out"
    ? { id, name: "AgentOutputBlock", blockType: "OUTPUT", staticOutput: true, input: {}, output: {} }
    : undefined;

const exec = (seq: number, queuedAt: number | null, name: string, value: unknown, status = "COMPLETED"): NodeExec => ({
  id: `e${seq}`,
  nodeId: `n${seq}`,
  blockId: "out",
  status: status as NodeExec["status"],
  input: { name, value },
  output: [],
  error: null,
  seq,
  queuedAt,
  startedAt: queuedAt,
  endedAt: queuedAt,
  retry: 0,
});

describe("run outputs", () => {
  it("collect output nodes sharing a name into one list, in the order their values arrived (queue time)", () => {
    // e1 was created first (its `name` came over a link) but got its value last.
    const outputs = runOutputs(
      [
        exec(1, 300, "ERROR", "late"),
        exec(2, 100, "ERROR", "early"),
        exec(3, 200, "result", 7),
        exec(4, null, "ERROR", "x", "INCOMPLETE"),
      ],
      catalog,
    );
    expect(outputs).toEqual({ ERROR: ["early", "late"], result: [7] });
    expect(Object.keys(outputs)).toEqual(["ERROR", "result"]);
  });
});
