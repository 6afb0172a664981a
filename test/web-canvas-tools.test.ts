// Canvas notes (AutoGPT's NoteBlock drawn as a note) and auto-layout: the pure parts the editor relies on.
import { describe, expect, it } from "vitest";
import { autoLayout } from "../web/src/lib/graph-logic/auto-layout";
import { fromFlow, NOTE_BLOCK_ID, toFlow } from "../web/src/lib/graph-logic/graph-convert";

const note = {
  id: "n1",
  block_id: NOTE_BLOCK_ID,
  input_default: { text: "## Plan" },
  metadata: { position: { x: 10, y: 20 }, width: 320, height: 180 },
};
const calc = {
  id: "c1",
  block_id: "b1ab9b19-67a6-406d-abf5-2dba76d00c79",
  input_default: { a: 1 },
  metadata: { position: { x: 0, y: 0 }, width: 5 },
};

describe("notes on the canvas", () => {
  it("a NoteBlock node becomes a note sized from its metadata, and saves back as the same NoteBlock node", () => {
    const flow = toFlow({ nodes: [note, calc], links: [] });
    expect(flow.nodes[0]).toMatchObject({ type: "note", width: 320, height: 180 });
    expect(flow.nodes[1]?.type).toBe("block");
    flow.nodes[0]!.width = 400.4;
    const back = fromFlow(flow.nodes, flow.edges);
    expect(back.nodes[0]).toEqual({
      id: "n1",
      block_id: NOTE_BLOCK_ID,
      input_default: { text: "## Plan" },
      metadata: { position: { x: 10, y: 20 }, width: 400, height: 180 },
    });
    // Other nodes keep whatever metadata they had, untouched.
    expect(back.nodes[1]?.metadata).toEqual({ position: { x: 0, y: 0 }, width: 5 });
  });
});

describe("autoLayout", () => {
  it("places a chain left to right without overlaps, unlinked nodes included", () => {
    const size = { width: 290, height: 160 };
    const nodes = ["a", "b", "c", "lonely"].map((id) => ({ id, ...size }));
    const placed = autoLayout(nodes, [
      { source: "a", target: "b" },
      { source: "b", target: "c" },
      { source: "a", target: "missing" },
    ]);
    const [a, b, c, lonely] = ["a", "b", "c", "lonely"].map((id) => placed.get(id)!);
    expect(a!.x).toBeLessThan(b!.x);
    expect(b!.x - a!.x).toBeGreaterThanOrEqual(290);
    expect(c!.x - b!.x).toBeGreaterThanOrEqual(290);
    const boxes = [a, b, c, lonely].map((p) => ({ ...p!, ...size }));
    for (const [i, p] of boxes.entries())
      for (const q of boxes.slice(i + 1))
        expect(p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height).toBe(false);
  });
});
