// The engine core with plain inputs: a table of fake blocks and a synchronous driver, no runtime.
import { describe, expect, it } from "vitest";
import type { BlockCatalog, CatalogBlock } from "./block-catalog";
import { GraphIndex } from "./graph-index";
import type { NodeExec, PinValue } from "./node-exec";
import { outputsByPin } from "./node-exec";
import { seedRerun } from "./rerun";
import { RunEngine } from "./run-engine";
import { nodeStats, runOutputs } from "./run-report";
import { canTransition } from "./status";

type FakeBlock = CatalogBlock & {
  run(input: Record<string, unknown>): PinValue[] | { error: string; outputs?: PinValue[] };
};

const fake = (
  name: string,
  blockType: string,
  required: string[],
  run: FakeBlock["run"],
  staticOutput = false,
): FakeBlock => ({
  id: name,
  name,
  blockType,
  staticOutput,
  input: { type: "object", required },
  output: { type: "object" },
  run,
});

const blocks: Record<string, FakeBlock> = {
  input: fake("AgentInputBlock", "INPUT", ["name"], (i) => [["result", i.value]], true),
  output: fake("AgentOutputBlock", "OUTPUT", ["name"], (i) => [["output", i.value]], true),
  store: fake("StoreValueBlock", "STANDARD", ["input"], (i) => [["output", i.data ?? i.input]], true),
  add: fake("CalculatorBlock", "STANDARD", ["a", "b"], (i) => [["result", Number(i.a) + Number(i.b)]]),
  find: fake("FindInDictionaryBlock", "STANDARD", ["input", "key"], (i) => {
    const dict = i.input as Record<string, unknown>;
    return Object.hasOwn(dict, String(i.key)) ? [["output", dict[String(i.key)]]] : [["missing", i.input]];
  }),
  template: fake("FillTextTemplateBlock", "STANDARD", ["values", "format"], (i) => {
    const values = i.values as Record<string, unknown>;
    return [["output", String(i.format).replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]))]];
  }),
  print: fake("PrintToConsoleBlock", "STANDARD", ["text"], (i) => [
    ["output", i.text],
    ["status", "printed"],
  ]),
  steps: fake("StepThroughItemsBlock", "STANDARD", [], (i) =>
    (i.items as unknown[]).flatMap((item, key): PinValue[] => [
      ["item", item],
      ["key", key],
    ]),
  ),
  fail: fake("FailingBlock", "STANDARD", [], (i) => ({ error: `bad ${String(i.x)}`, outputs: [["partial", 1]] })),
  note: fake("NoteBlock", "NOTE", ["text"], () => [["output", "never"]]),
};
const catalog: BlockCatalog = (id) => blocks[id];

type N = { id: string; block_id: string; input_default?: Record<string, unknown> };
type L = [source: string, sourcePin: string, sink: string, sinkPin: string, isStatic?: boolean];

function graphOf(nodes: N[], links: L[]) {
  return GraphIndex.build(
    {
      nodes: nodes.map((n) => ({ id: n.id, block_id: n.block_id, input_default: n.input_default ?? {}, metadata: {} })),
      links: links.map(([source_id, source_name, sink_id, sink_name, is_static]) => ({
        source_id,
        source_name,
        sink_id,
        sink_name,
        is_static: is_static ?? false,
      })),
    },
    catalog,
  );
}

/** Runs the engine to quiescence one node at a time, as the Durable Object does with concurrency 1. */
function drive(engine: RunEngine): NodeExec[] {
  const order: NodeExec[] = [];
  for (let exec = engine.startNext(); exec; exec = engine.startNext()) {
    order.push(exec);
    const result = (blocks[exec.blockId] as FakeBlock).run(exec.input);
    if (Array.isArray(result)) engine.finish(exec, result);
    else engine.finish(exec, result.outputs ?? [], result.error);
  }
  return order;
}

let counter = 0;
const newEngine = (nodes: N[], links: L[]) =>
  new RunEngine(graphOf(nodes, links), [], { newId: () => `exec-${++counter}`, now: () => counter });

describe("status transitions (AutoGPT VALID_STATUS_TRANSITIONS)", () => {
  it("allows the node lifecycle and refuses to leave a final status", () => {
    expect(canTransition("INCOMPLETE", "QUEUED")).toBe(true);
    expect(canTransition("QUEUED", "RUNNING")).toBe(true);
    expect(canTransition("RUNNING", "COMPLETED")).toBe(true);
    expect(canTransition("RUNNING", "REVIEW")).toBe(true);
    expect(canTransition("REVIEW", "QUEUED")).toBe(true);
    expect(canTransition("COMPLETED", "RUNNING")).toBe(false);
    expect(canTransition("FAILED", "QUEUED")).toBe(false);
    expect(canTransition("QUEUED", "COMPLETED")).toBe(false);
  });
});

describe("RunEngine", () => {
  it("runs AutoGPT's sample graph: dynamic dict pins merged under defaults (values_#_a/b/c)", () => {
    const engine = newEngine(
      [
        { id: "in1", block_id: "input", input_default: { name: "input_1" } },
        { id: "in2", block_id: "input", input_default: { name: "input_2" } },
        { id: "tpl", block_id: "template", input_default: { format: "{{a}}, {{b}}{{c}}", "values_#_c": "!!!" } },
        { id: "print", block_id: "print" },
      ],
      [
        ["in1", "result", "tpl", "values_#_a"],
        ["in2", "result", "tpl", "values_#_b"],
        ["tpl", "output", "print", "text"],
      ],
    );
    expect(engine.start({ input_1: "Hello", input_2: "World" })).toEqual([]);
    const ran = drive(engine);
    expect(ran.map((e) => e.nodeId)).toEqual(["in1", "in2", "tpl", "print"]);
    const tpl = ran[2] as NodeExec;
    expect(tpl.input).toEqual({
      format: "{{a}}, {{b}}{{c}}",
      values: { a: "Hello", b: "World", c: "!!!" },
      "values_#_a": "Hello",
      "values_#_b": "World",
      "values_#_c": "!!!",
    });
    expect(outputsByPin((ran[3] as NodeExec).output)).toEqual({ output: ["Hello, World!!!"], status: ["printed"] });
  });

  it("waits for a linked pin even when it has a default (test_input_pin_always_waited)", () => {
    const engine = newEngine(
      [
        { id: "dict", block_id: "store", input_default: { input: { key1: "value1", key2: "value2" } } },
        { id: "key", block_id: "store", input_default: { input: "key2" } },
        { id: "find", block_id: "find", input_default: { key: "", input: {} } },
      ],
      [
        ["dict", "output", "find", "input"],
        ["key", "output", "find", "key"],
      ],
    );
    engine.start({});
    const ran = drive(engine);
    expect(ran).toHaveLength(3);
    expect(ran[2]?.status).toBe("COMPLETED");
    expect(outputsByPin(ran[2]?.output ?? [])).toEqual({ output: ["value2"] });
  });

  it("completes waiting executions from a static link: 8 node executions (test_static_input_link_on_graph)", () => {
    const engine = newEngine(
      [
        { id: "a1", block_id: "store", input_default: { input: 4 } },
        { id: "a2", block_id: "store", input_default: { input: 4 } },
        { id: "a3", block_id: "store", input_default: { input: 4 } },
        { id: "b0", block_id: "store", input_default: { input: 5 } },
        { id: "b", block_id: "store" },
        { id: "calc", block_id: "add", input_default: { operation: "Add" } },
      ],
      [
        ["a1", "output", "calc", "a"],
        ["a2", "output", "calc", "a"],
        ["a3", "output", "calc", "a"],
        ["b0", "output", "b", "input"],
        ["b", "output", "calc", "b", true],
      ],
    );
    engine.start({});
    const ran = drive(engine);
    expect(ran).toHaveLength(8);
    const calcs = ran.filter((e) => e.nodeId === "calc");
    expect(calcs.map((e) => outputsByPin(e.output))).toEqual([{ result: [9] }, { result: [9] }, { result: [9] }]);
  });

  it("reuses a static value for later executions of the sink (filled from the latest execution)", () => {
    const engine = newEngine(
      [
        { id: "items", block_id: "steps", input_default: { items: [1, 2, 3] } },
        { id: "ten", block_id: "store", input_default: { input: 10 } },
        { id: "calc", block_id: "add" },
      ],
      [
        ["ten", "output", "calc", "b"],
        ["items", "item", "calc", "a"],
      ],
    );
    engine.start({});
    const calcs = drive(engine).filter((e) => e.nodeId === "calc");
    expect(calcs.map((e) => e.output)).toEqual([[["result", 11]], [["result", 12]], [["result", 13]]]);
  });

  it("fans StepThroughItems out: one sink execution per yielded item, in order", () => {
    const engine = newEngine(
      [
        { id: "items", block_id: "steps", input_default: { items: ["x", "y", "z"] } },
        { id: "out", block_id: "output", input_default: { name: "each" } },
      ],
      [["items", "item", "out", "value"]],
    );
    engine.start({});
    drive(engine);
    expect(runOutputs(engine.all(), catalog)).toEqual({ each: ["x", "y", "z"] });
  });

  it("routes the error pin downstream and marks the node FAILED without failing the run", () => {
    const engine = newEngine(
      [
        { id: "bad", block_id: "fail", input_default: { x: 1 } },
        { id: "err", block_id: "output", input_default: { name: "err" } },
        { id: "part", block_id: "output", input_default: { name: "partial" } },
      ],
      [
        ["bad", "error", "err", "value"],
        ["bad", "partial", "part", "value"],
      ],
    );
    engine.start({});
    const ran = drive(engine);
    expect(ran[0]?.status).toBe("FAILED");
    expect(ran[0]?.error).toBe("bad 1");
    expect(runOutputs(engine.all(), catalog)).toEqual({ err: ["bad 1"], partial: [1] });
    expect(nodeStats(engine.all())).toMatchObject({ node_exec_count: 3, node_error_count: 1 });
  });

  it("never runs NOTE blocks and names the pins a starting node lacks", () => {
    const ok = newEngine(
      [
        { id: "note", block_id: "note", input_default: { text: "hi" } },
        { id: "s", block_id: "store", input_default: { input: 1 } },
      ],
      [],
    );
    ok.start({});
    expect(drive(ok).map((e) => e.nodeId)).toEqual(["s"]);

    const missing = newEngine([{ id: "calc", block_id: "add", input_default: { a: 1 } }], []);
    expect(missing.start({})).toEqual([{ node_id: "calc", pin: "b", message: "required input is missing" }]);
    expect([...missing.all()]).toHaveLength(0);
  });

  it("queues pin values FIFO: two values on one pin make two executions", () => {
    const engine = newEngine(
      [
        { id: "s1", block_id: "store", input_default: { input: 1 } },
        { id: "s2", block_id: "store", input_default: { input: 2 } },
        { id: "calc", block_id: "add", input_default: { b: 100 } },
      ],
      [
        ["s1", "output", "calc", "a"],
        ["s2", "output", "calc", "a"],
      ],
    );
    engine.start({});
    const calcs = drive(engine).filter((e) => e.nodeId === "calc");
    expect(calcs.map((e) => e.output)).toEqual([[["result", 101]], [["result", 102]]]);
  });

  it("restores from stored executions and continues where it stopped; cancel ends what is in flight", () => {
    const nodes: N[] = [
      { id: "s1", block_id: "store", input_default: { input: 1 } },
      { id: "s2", block_id: "store", input_default: { input: 2 } },
      { id: "o", block_id: "output", input_default: { name: "o" } },
    ];
    const links: L[] = [
      ["s1", "output", "o", "value"],
      ["s2", "output", "o", "value"],
    ];
    const first = newEngine(nodes, links);
    first.start({});
    const s1 = first.startNext() as NodeExec;
    first.finish(s1, [["output", 1]]);
    const snapshot = structuredClone([...first.all()]);

    const resumed = new RunEngine(graphOf(nodes, links), snapshot, { newId: () => `r-${++counter}` });
    const ran = drive(resumed);
    expect(ran.map((e) => e.nodeId)).toEqual(["s2", "o", "o"]);
    expect(runOutputs(resumed.all(), catalog)).toEqual({ o: [1, 2] });

    const cancelled = newEngine(nodes, links);
    cancelled.start({});
    const running = cancelled.startNext() as NodeExec;
    const ended = cancelled.terminateAll();
    expect(ended.map((e) => e.status)).toEqual(["TERMINATED", "TERMINATED"]);
    expect(running.status).toBe("TERMINATED");
    expect(cancelled.startNext()).toBeUndefined();
  });

  it("reports exactly the executions that changed in a step", () => {
    const engine = newEngine(
      [
        { id: "s", block_id: "store", input_default: { input: 1 } },
        { id: "o", block_id: "output", input_default: { name: "o" } },
      ],
      [["s", "output", "o", "value"]],
    );
    engine.start({});
    expect(engine.takeChanges().map((e) => e.nodeId)).toEqual(["s"]);
    const s = engine.startNext() as NodeExec;
    engine.finish(s, [["output", 1]]);
    expect(engine.takeChanges().map((e) => [e.nodeId, e.status])).toEqual([
      ["s", "COMPLETED"],
      ["o", "QUEUED"],
    ]);
  });
});

describe("rerun from a node", () => {
  const nodes: N[] = [
    { id: "a", block_id: "store", input_default: { input: 1 } },
    { id: "b", block_id: "store", input_default: { input: 10 } },
    { id: "sum", block_id: "add" },
    { id: "o", block_id: "output", input_default: { name: "sum" } },
  ];
  const links: L[] = [
    ["a", "output", "sum", "a"],
    ["b", "output", "sum", "b"],
    ["sum", "result", "o", "value"],
  ];

  it("reuses everything upstream and executes the node and its descendants again", () => {
    const first = newEngine(nodes, links);
    first.start({});
    drive(first);
    const again = newEngine(nodes, links);
    seedRerun(again, structuredClone([...first.all()]), "sum");
    const ran = drive(again);
    expect(ran.map((e) => e.nodeId)).toEqual(["sum", "o"]);
    expect(runOutputs(again.all(), catalog)).toEqual({ sum: [11] });
    expect([...again.all()].filter((e) => e.reused).map((e) => e.nodeId)).toEqual(["a", "b"]);
    expect(nodeStats(again.all()).node_exec_count).toBe(2);
  });

  it("requeues a starting node with the input it ran with", () => {
    const first = newEngine(nodes, links);
    first.start({});
    drive(first);
    const again = newEngine(nodes, links);
    seedRerun(again, structuredClone([...first.all()]), "a");
    expect(drive(again).map((e) => e.nodeId)).toEqual(["a", "sum", "o"]);
    expect(runOutputs(again.all(), catalog)).toEqual({ sum: [11] });
  });
});
