// The live run view: merging REST snapshots with out-of-order events, per-node summaries, progress, timeline.
import { describe, expect, it } from "vitest";
import { type NodeExecution, NodeExecutionSchema, toMillis } from "../web/src/lib/api/schemas";
import { blockDisplayName, paletteGroups } from "../web/src/lib/graph-logic/palette";
import {
  formatElapsed,
  mergeNodeExecution,
  nodeViews,
  previewValue,
  progress,
} from "../web/src/lib/graph-logic/run-state";
import { formatDuration, timeline } from "../web/src/lib/graph-logic/timeline";

const exec = (over: Partial<Record<string, unknown>>): NodeExecution =>
  NodeExecutionSchema.parse({ node_exec_id: "x1", node_id: "n1", status: "QUEUED", ...over });

describe("node executions", () => {
  it("parses both the REST and the AutoGPT event spellings", () => {
    const rest = exec({ input: { a: 1 }, output: { result: [2] }, started_at: "2026-01-01T00:00:00.000Z" });
    const event = exec({ input_data: { a: 1 }, output_data: { result: [2] }, start_time: "2026-01-01T00:00:00.000Z" });
    expect(rest).toEqual(event);
    expect(rest.startedAt).toBe(Date.parse("2026-01-01T00:00:00.000Z"));
    expect(toMillis(1_700_000_000)).toBe(1_700_000_000_000);
  });

  it("never lets a late RUNNING event overwrite a COMPLETED one", () => {
    let m = mergeNodeExecution(new Map(), exec({ status: "COMPLETED", output: { result: [3] }, ended_at: 5000 }));
    m = mergeNodeExecution(m, exec({ status: "RUNNING", started_at: 4000 }));
    expect(m.get("x1")?.status).toBe("COMPLETED");
    expect(m.get("x1")?.output).toEqual({ result: [3] });
  });

  it("summarises each node by its latest execution and counts progress", () => {
    let m = new Map<string, NodeExecution>();
    m = mergeNodeExecution(
      m,
      exec({ node_exec_id: "a", node_id: "n1", status: "COMPLETED", output: { result: ["hi"] }, queued_at: 1000 }),
    );
    m = mergeNodeExecution(m, exec({ node_exec_id: "b", node_id: "n1", status: "RUNNING", queued_at: 2000 }));
    m = mergeNodeExecution(
      m,
      exec({ node_exec_id: "c", node_id: "n2", status: "FAILED", output: { error: ["boom"] } }),
    );
    const views = nodeViews(m);
    expect(views.get("n1")).toEqual({ status: "RUNNING", executions: 2, output: { result: ["hi"] } });
    expect(views.get("n2")).toMatchObject({ status: "FAILED", error: "boom" });
    expect(progress(m)).toEqual({ done: 2, seen: 3, failed: 1 });
  });
});

describe("timeline", () => {
  it("places bars on a shared axis and extends running nodes to now", () => {
    const t0 = Date.parse("2026-11-27T10:00:00Z");
    const execs = [
      exec({ node_exec_id: "a", node_id: "n1", status: "COMPLETED", started_at: t0, ended_at: t0 + 1000 }),
      exec({ node_exec_id: "b", node_id: "n2", status: "RUNNING", started_at: new Date(t0 + 1000).toISOString() }),
      exec({ node_exec_id: "c", node_id: "n3", status: "QUEUED" }),
    ];
    const t = timeline(execs, (id) => id.toUpperCase(), t0 + 4000);
    expect(t.totalMs).toBe(4000);
    expect(t.bars.map((b) => [b.label, b.start, b.duration, b.left, b.width])).toEqual([
      ["N1", 0, 1000, 0, 25],
      ["N2", 1000, 3000, 25, 75],
    ]);
  });
  it("formats durations and elapsed time", () => {
    expect(formatDuration(350)).toBe("350 ms");
    expect(formatDuration(1250)).toBe("1.3 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatElapsed(65_000)).toBe("01:05");
    expect(formatElapsed(3_725_000)).toBe("1:02:05");
  });
  it("previews single-item output lists as their item, truncated", () => {
    expect(previewValue(["Hello Ada"])).toBe("Hello Ada");
    expect(previewValue({ a: 1 })).toBe('{"a":1}');
    expect(previewValue("x".repeat(200), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

describe("palette", () => {
  const block = (name: string, categories: string[], description = "") => ({
    id: name,
    name,
    description,
    categories,
    block_type: "STANDARD",
    static_output: false,
    input_schema: {},
    output_schema: {},
  });
  const blocks = [
    block("FillTextTemplateBlock", ["TEXT"], "Formats text with Jinja"),
    block("AgentInputBlock", ["INPUT", "BASIC"]),
    block("CalculatorBlock", ["LOGIC"], "Performs a mathematical operation"),
  ];
  it("groups by category (a block in several categories appears in each) and searches name and description", () => {
    expect(paletteGroups(blocks, "").map((g) => [g.category, g.blocks.map((b) => b.name)])).toEqual([
      ["Basic", ["AgentInputBlock"]],
      ["Input", ["AgentInputBlock"]],
      ["Logic", ["CalculatorBlock"]],
      ["Text", ["FillTextTemplateBlock"]],
    ]);
    expect(paletteGroups(blocks, "mathematical").map((g) => g.blocks[0]?.name)).toEqual(["CalculatorBlock"]);
    expect(paletteGroups(blocks, "fill text").map((g) => g.blocks[0]?.name)).toEqual(["FillTextTemplateBlock"]);
  });
  it("shows AutoGPT-style display names", () => {
    expect(blockDisplayName("FillTextTemplateBlock")).toBe("Fill Text Template");
    expect(blockDisplayName("AITextGeneratorBlock")).toBe("AI Text Generator");
  });
});
