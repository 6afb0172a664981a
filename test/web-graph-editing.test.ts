// Graph JSON ⇄ canvas, undo/redo, copy/paste, duplicate ids, and where validation errors land.
import { describe, expect, it } from "vitest";
import { GraphSchema } from "../graph/schema";
import type { BlockInfo } from "../web/src/lib/api/schemas";
import { copySelection, pasteClip } from "../web/src/lib/graph-logic/clipboard";
import { checkConnection, freeSpot } from "../web/src/lib/graph-logic/connect";
import type { FlowEdge, FlowNode } from "../web/src/lib/graph-logic/flow-types";
import { fromFlow, toFlow, withoutOverlays } from "../web/src/lib/graph-logic/graph-convert";
import { createHistory } from "../web/src/lib/graph-logic/history";
import { compactOnOpen, openingView, outOfSight } from "../web/src/lib/graph-logic/opening-view";
import { reassignIds } from "../web/src/lib/graph-logic/reassign-ids";
import { placeIssues } from "../web/src/lib/graph-logic/validation-issues";
import exported from "./fixtures/autogpt-email-address-finder.json";

const graph = GraphSchema.parse(exported);
let counter = 0;
const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;

describe("toFlow / fromFlow", () => {
  it("round-trips a real AutoGPT export: nodes, defaults, positions and links", () => {
    const flow = toFlow(graph);
    expect(flow.nodes).toHaveLength(8);
    expect(flow.edges).toHaveLength(9);
    const back = fromFlow(flow.nodes, flow.edges);
    expect(back.links).toEqual(graph.links.map((l) => ({ ...l })));
    for (const [i, n] of back.nodes.entries()) {
      const orig = graph.nodes[i]!;
      expect(n.id).toBe(orig.id);
      expect(n.block_id).toBe(orig.block_id);
      expect(n.input_default).toEqual(orig.input_default);
      const pos = orig.metadata.position as { x: number; y: number };
      expect(n.metadata.position).toEqual({ x: Math.round(pos.x), y: Math.round(pos.y) });
    }
  });

  it("shows the dynamic pins links already use", () => {
    const { nodes } = toFlow(graph);
    const template = nodes.find((n) => n.id === "28b5ddcc-dc20-41cc-ad21-c54ff459f694")!;
    expect(template.data.dynamicPins.sort()).toEqual(["values_#_ADDRESS", "values_#_NAME"]);
  });

  it("keeps customised titles and unknown metadata, and lays out nodes without positions", () => {
    const { nodes, edges } = toFlow({
      nodes: [
        { id: "a", block_id: "b", input_default: {}, metadata: { customized_name: "Greeter", color: "red" } },
        { id: "c", block_id: "b", input_default: {}, metadata: {} },
      ],
      links: [],
    });
    expect(nodes[0]!.data.title).toBe("Greeter");
    expect(nodes[0]!.position).not.toEqual(nodes[1]!.position);
    const back = fromFlow(nodes, edges);
    expect(back.nodes[0]!.metadata).toMatchObject({ customized_name: "Greeter", color: "red" });
  });

  it("does not send made-up link ids, and strips run/validation overlays before saving", () => {
    const node: FlowNode = {
      id: "n",
      position: { x: 0, y: 0 },
      data: { blockId: "b", inputs: {}, dynamicPins: [], metadata: {}, run: { status: "COMPLETED", executions: 1 } },
    };
    const edge: FlowEdge = { id: "n:out->n2:in", source: "n", target: "n2", sourceHandle: "out", targetHandle: "in" };
    expect(fromFlow([node], [edge]).links[0]).not.toHaveProperty("id");
    expect(withoutOverlays([node])[0]!.data).not.toHaveProperty("run");
  });
});

describe("history", () => {
  it("undoes and redoes in order, and a new change clears redo", () => {
    const h = createHistory<number>();
    h.record(1);
    h.record(2);
    expect(h.undo(3)).toBe(2);
    expect(h.undo(2)).toBe(1);
    expect(h.undo(1)).toBeUndefined();
    expect(h.redo(1)).toBe(2);
    h.record(2);
    expect(h.canRedo).toBe(false);
    expect(h.canUndo).toBe(true);
  });
  it("forgets the oldest step beyond its limit", () => {
    const h = createHistory<number>(2);
    h.record(1);
    h.record(2);
    h.record(3);
    expect(h.undo(4)).toBe(3);
    expect(h.undo(3)).toBe(2);
    expect(h.undo(2)).toBeUndefined();
  });
});

describe("copy and paste", () => {
  const { nodes, edges } = toFlow(graph);
  const picked = new Set(["28b5ddcc-dc20-41cc-ad21-c54ff459f694", "4a41df99-ffe2-4c12-b528-632979c9c030"]);
  const selected = nodes.map((n) => ({ ...n, selected: picked.has(n.id) }));

  it("pastes fresh ids, keeps links inside the selection, drops links leaving it, and offsets positions", () => {
    const clip = copySelection(selected, edges);
    expect(clip.nodes).toHaveLength(2);
    expect(clip.edges).toHaveLength(1);
    const pasted = pasteClip(clip, newId);
    expect(pasted.nodes.every((n) => !picked.has(n.id) && n.selected)).toBe(true);
    const [edge] = pasted.edges;
    const ids = new Set(pasted.nodes.map((n) => n.id));
    expect(ids.has(edge!.source) && ids.has(edge!.target)).toBe(true);
    expect(edge!.sourceHandle).toBe("output");
    expect(edge!.targetHandle).toBe("query");
    const orig = clip.nodes[0]!;
    const copy = pasted.nodes[0]!;
    expect(copy.position).toEqual({ x: orig.position.x + 40, y: orig.position.y + 40 });
    expect(copy.data.inputs).toEqual(orig.data.inputs);
    expect(copy.data.inputs).not.toBe(orig.data.inputs);
  });

  it("duplicates a whole graph with new node ids and re-pointed links", () => {
    const copy = reassignIds(graph, newId);
    const ids = new Set(copy.nodes.map((n) => n.id));
    expect(copy.nodes.some((n) => graph.nodes.some((o) => o.id === n.id))).toBe(false);
    expect(copy.links.every((l) => ids.has(l.source_id) && ids.has(l.sink_id))).toBe(true);
    expect(copy.links.map((l) => l.sink_name)).toEqual(graph.links.map((l) => l.sink_name));
  });
});

describe("connection rule", () => {
  const blocks = new Map<string, BlockInfo>([
    [
      "calc",
      {
        id: "calc",
        name: "CalculatorBlock",
        description: "",
        categories: [],
        block_type: "STANDARD",
        static_output: false,
        input_schema: {},
        output_schema: { properties: { result: { type: "number" } } },
      },
    ],
    [
      "tpl",
      {
        id: "tpl",
        name: "FillTextTemplateBlock",
        description: "",
        categories: [],
        block_type: "STANDARD",
        static_output: false,
        input_schema: {
          properties: { values: { type: "object", additionalProperties: {} }, format: { type: "string" } },
        },
        output_schema: { properties: { output: { type: "string" } } },
      },
    ],
  ]);
  const node = (id: string, blockId: string): FlowNode => ({
    id,
    position: { x: 0, y: 0 },
    data: { blockId, inputs: {}, dynamicPins: [], metadata: {} },
  });
  const nodes = [node("c", "calc"), node("t", "tpl"), node("t2", "tpl")];
  const check = (c: Parameters<typeof checkConnection>[0], edges: FlowEdge[] = []) =>
    checkConnection(c, nodes, edges, (id) => blocks.get(id));

  it("refuses incompatible types with the reason", () => {
    expect(check({ source: "c", sourceHandle: "result", target: "t", targetHandle: "values" })).toEqual({
      ok: false,
      reason: "A number output cannot feed an object input",
    });
  });
  it("accepts compatible pins, refuses self-links and duplicates", () => {
    expect(check({ source: "c", sourceHandle: "result", target: "t", targetHandle: "format" })).toEqual({
      ok: true,
      converts: "the number is converted to text",
    });
    expect(check({ source: "t", sourceHandle: "output", target: "t", targetHandle: "format" }).ok).toBe(false);
    const existing: FlowEdge = { id: "e", source: "t", target: "t2", sourceHandle: "output", targetHandle: "format" };
    expect(check({ source: "t", sourceHandle: "output", target: "t2", targetHandle: "format" }, [existing])).toEqual({
      ok: false,
      reason: "These pins are already linked",
    });
  });
});

describe("placeIssues", () => {
  const g = { nodes: [{ id: "n1" }, { id: "n2" }], links: [{ sink_id: "n2", sink_name: "values_#_a" }] };
  it("puts pin errors on the pin and node errors on the node, by id or index", () => {
    const placed = placeIssues(
      [
        { path: "nodes.n1.format", message: 'Node n1 (FillTextTemplateBlock): required input "format" has no value' },
        { path: "nodes.1.input_default.values", message: "Not an object" },
        { path: "nodes.n1.block_id", message: "Unknown block" },
        { path: "nodes.n2", message: "Duplicate node id n2" },
        { path: "links.0.source_id", message: "No such node" },
        { path: "name", message: "Too long" },
      ],
      g,
    );
    expect(placed.byNode.n1).toEqual({
      messages: ["Unknown block"],
      pins: { format: 'required input "format" has no value' },
    });
    expect(placed.byNode.n2).toEqual({
      messages: ["Duplicate node id n2"],
      pins: { values: "Not an object", "values_#_a": "No such node" },
    });
    expect(placed.general).toEqual(["name: Too long"]);
  });
});

describe("freeSpot", () => {
  it("places a new node in the nearest free slot around the point", () => {
    const at = (x: number, y: number): FlowNode => ({
      id: `${x}`,
      position: { x, y },
      data: { blockId: "b", inputs: {}, dynamicPins: [], metadata: {} },
    });
    expect(freeSpot([], { x: 10.4, y: 20 })).toEqual({ x: 10, y: 20 });
    // Straight below is nearest (180 px), then above, then to the sides.
    expect(freeSpot([at(0, 0)], { x: 10, y: 20 })).toEqual({ x: 10, y: 200 });
    expect(freeSpot([at(0, 0), at(0, 180)], { x: 10, y: 20 })).toEqual({ x: 10, y: -160 });
    expect(freeSpot([at(0, 0)], { x: 10, y: 400 })).toEqual({ x: 10, y: 400 });
  });
});

describe("opening view", () => {
  it("fits small graphs and opens large ones at reading zoom on their top-left corner", () => {
    expect(openingView([{ position: { x: 5, y: 5 } }])).toEqual({ fit: true });
    const big = Array.from({ length: 500 }, (_, i) => ({
      position: { x: 200 + (i % 25) * 380, y: 100 + Math.floor(i / 25) * 260 },
    }));
    expect(openingView(big)).toEqual({ fit: false, viewport: { x: 40 - 200 * 0.6, y: 40 - 100 * 0.6, zoom: 0.6 } });
    expect(compactOnOpen(500)).toBe(false);
    expect(compactOnOpen(100)).toBe(true);
    expect(compactOnOpen(10)).toBe(false);
  });
  it("counts out of sight only the nodes that cannot be in a screen of that size at the opening viewport", () => {
    const at = (id: string, x: number, y: number) => ({ id, position: { x, y } });
    const nodes = [
      at("in", 0, 0),
      at("right", 3000, 0),
      at("below", 0, 2000),
      at("edge", 2600, 1600),
      at("left", -900, 0),
    ];
    // Zoom 0.6 from (40, 40): a 1600 x 1000 screen shows flow x up to 2600 and y up to 1600.
    expect(outOfSight(nodes, { x: 40, y: 40, zoom: 0.6 }, { width: 1600, height: 1000 })).toEqual([
      "right",
      "below",
      "edge",
      "left",
    ]);
  });
});
