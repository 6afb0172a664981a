import { describe, expect, it } from "vitest";
import type { NodeExecution } from "../web/src/lib/api/schemas";
import { axisTicks, formatDuration, timeline } from "../web/src/lib/graph-logic/timeline";

const exec = (nodeExecId: string, nodeId: string, startedAt: number, endedAt: number) =>
  ({ nodeExecId, nodeId, status: "COMPLETED", startedAt, endedAt }) as NodeExecution;

describe("run timeline", () => {
  it("orders executions that start in the same millisecond by graph order", () => {
    const order = ["first", "second", "third"];
    const bars = timeline(
      [exec("z", "third", 10, 11), exec("a", "second", 10, 12), exec("m", "first", 10, 11)],
      (id) => id,
      20,
      (id) => order.indexOf(id),
    ).bars;
    expect(bars.map((b) => b.label)).toEqual(["first", "second", "third"]);
  });

  it("never repeats an axis label, even for a run of a few milliseconds", () => {
    for (const total of [1, 2, 3, 7, 40, 999, 1500, 12_345, 600_000]) {
      const labels = axisTicks(total).map((t) => formatDuration(t.ms));
      expect(new Set(labels).size, `${total} ms: ${labels.join(", ")}`).toBe(labels.length);
      expect(labels.length).toBeGreaterThanOrEqual(2);
    }
    expect(axisTicks(2).map((t) => t.ms)).toEqual([0, 1, 2]);
  });
});
