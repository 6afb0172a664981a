// Group boxes (rename, resize, saved in each member's metadata) and the run dialog's table editor: the pure parts.
import { describe, expect, it } from "vitest";
import {
  applyMembership,
  frameOf,
  groupBoxes,
  groupOf,
  heldGroups,
  membershipAfterDrop,
  renameGroup,
  resizeGroup,
  withoutGroupSize,
} from "../web/src/lib/graph-logic/groups";
import { parseRunInput, runInputKind } from "../web/src/lib/graph-logic/run-inputs";
import { blankRow, tableCells, tableHeaders, tableValue } from "../web/src/lib/graph-logic/table-input";

const member = (id: string, x: number, y: number, group?: Record<string, unknown>) => ({
  id,
  data: { metadata: group ? { position: { x, y }, group } : { position: { x, y } } },
  x,
  y,
  width: 100,
  height: 50,
});
const view = (nodes: ReturnType<typeof member>[]) =>
  groupBoxes(
    nodes.map((n) => ({ id: n.id, x: n.x, y: n.y, width: n.width, height: n.height, metadata: n.data.metadata })),
  );

describe("groups", () => {
  const g = { id: "g1", label: "Inputs" };
  const nodes = [member("a", 0, 0, g), member("b", 200, 100, g), member("c", 900, 900)];

  it("a group's box surrounds its members only", () => {
    expect(view(nodes)).toEqual([
      {
        id: "g1",
        label: "Inputs",
        members: ["a", "b"],
        box: { x: 0, y: 0, right: 300, bottom: 150 },
        fit: { x: 0, y: 0, right: 300, bottom: 150 },
      },
    ]);
  });

  it("renaming changes every member's group label and nothing else; a blank name is ignored", () => {
    const renamed = renameGroup(nodes, "g1", "  Sources ");
    expect(renamed.map((n) => groupOf(n.data.metadata)?.label)).toEqual(["Sources", "Sources", undefined]);
    expect(renamed[0]?.data.metadata.position).toEqual({ x: 0, y: 0 });
    expect(renamed[2]).toBe(nodes[2]);
    expect(renameGroup(nodes, "g1", "   ").map((n) => groupOf(n.data.metadata)?.label)).toEqual([
      "Inputs",
      "Inputs",
      undefined,
    ]);
  });

  it("a resized box keeps its size from the members' corner, moves with them, and never hides a member", () => {
    const fit = view(nodes)[0]!.fit;
    const bigger = resizeGroup(nodes, "g1", { width: 480.4, height: 320 }, fit);
    expect(groupOf(bigger[1]!.data.metadata)).toEqual({ id: "g1", label: "Inputs", width: 480, height: 320 });
    expect(view(bigger)[0]?.box).toEqual({ x: 0, y: 0, right: 480, bottom: 320 });
    const moved = bigger.map((n) => (n.id === "c" ? n : { ...n, x: n.x + 50, y: n.y + 10 }));
    expect(view(moved)[0]?.box).toEqual({ x: 50, y: 10, right: 530, bottom: 330 });
    const tooSmall = resizeGroup(nodes, "g1", { width: 10, height: -5 }, fit);
    expect(view(tooSmall)[0]?.box).toEqual(fit);
  });

  it("a box's size is layout: left out when telling a change to the agent from a rearrangement", () => {
    expect(withoutGroupSize({ position: 1, group: { id: "g", label: "L", width: 5, height: 6 } })).toEqual({
      position: 1,
      group: { id: "g", label: "L" },
    });
    expect(withoutGroupSize({ position: 1 })).toEqual({ position: 1 });
  });

  it("reads only well-formed groups", () => {
    expect(groupOf({ group: "x" })).toBeUndefined();
    expect(groupOf({ group: { id: "g", width: -3, height: "7" } })).toEqual({ id: "g", label: "Group" });
  });
});

describe("group membership by dragging", () => {
  const g = { id: "g1", label: "Inputs" };
  const h = { id: "g2", label: "Outputs" };
  const nodes = [member("a", 0, 0, g), member("b", 200, 100, g), member("c", 900, 900), member("d", 2000, 0, h)];
  const frames = view(nodes);
  const boxOf = (n: ReturnType<typeof member>, dx = 0, dy = 0) => ({
    x: n.x + dx,
    y: n.y + dy,
    right: n.x + dx + n.width,
    bottom: n.y + dy + n.height,
  });
  const drop = (id: string, dx: number, dy: number) => {
    const n = nodes.find((x) => x.id === id)!;
    return { id, group: groupOf(n.data.metadata)?.id, box: boxOf(n, dx, dy) };
  };

  it("the frame is the box with its padding and header", () => {
    expect(frameOf({ x: 0, y: 0, right: 100, bottom: 50 })).toEqual({ x: -24, y: -50, right: 124, bottom: 74 });
  });

  it("a node dropped with its centre in a frame joins that group; one dropped outside its frame leaves it", () => {
    // c's centre lands at (150, 75): inside g1's frame.
    expect(membershipAfterDrop(frames, [drop("c", -800, -850)])).toEqual(new Map([["c", "g1"]]));
    // b moved within its own frame: no change; moved far away: it leaves.
    expect(membershipAfterDrop(frames, [drop("b", -20, -20)])).toEqual(new Map());
    expect(membershipAfterDrop(frames, [drop("b", 0, 600)])).toEqual(new Map([["b", null]]));
    // b dropped into another group's frame moves there.
    expect(membershipAfterDrop(frames, [drop("b", 1800, -100)])).toEqual(new Map([["b", "g2"]]));
    // A frame's edge (padding included) still counts.
    expect(membershipAfterDrop(frames, [drop("c", -900 + 250, -900 + 140)])).toEqual(new Map([["c", "g1"]]));
  });

  it("nodes dragged together with all the rest of their group move the group and keep it", () => {
    expect(membershipAfterDrop(frames, [drop("a", 0, 3000), drop("b", 0, 3000)])).toEqual(new Map());
    expect(membershipAfterDrop(frames, [drop("d", -1900, 0)])).toEqual(new Map());
    expect(heldGroups(frames, new Set(["a"]))).toEqual(new Set(["g1"]));
    expect(heldGroups(frames, new Set(["a", "b", "d"]))).toEqual(new Set());
  });

  it("overlapping frames: the smallest one under the centre wins", () => {
    const big = view([
      member("x", 0, 0, { id: "big", label: "Big", width: 1000, height: 1000 }),
      member("y", 400, 400, h),
    ]);
    const n = member("n", 380, 380);
    expect(membershipAfterDrop(big, [{ id: "n", group: undefined, box: boxOf(n) }])).toEqual(new Map([["n", "g2"]]));
  });

  it("joining takes the group's name and grows the frame to take the node in; nothing else changes", () => {
    const moved = nodes.map((n) => (n.id === "c" ? { ...n, x: 250, y: 120 } : n));
    const boxes = new Map(moved.map((n) => [n.id, boxOf(n)]));
    const after = applyMembership(moved, boxes, new Map([["c", "g1"]]), frames);
    expect(groupOf(after[2]!.data.metadata)).toEqual({ id: "g1", label: "Inputs", width: 350, height: 170 });
    expect(view(after.map((n, i) => ({ ...n, x: moved[i]!.x, y: moved[i]!.y })))[0]?.members).toEqual(["a", "b", "c"]);
    expect(after[3]).toBe(nodes[3]);
  });

  it("leaving keeps the frame's far edges; a group left empty is gone", () => {
    // b (the bottom-right member) leaves: the frame keeps its right and bottom edges around a.
    const moved = nodes.map((n) => (n.id === "b" ? { ...n, x: 200, y: 700 } : n));
    const boxes = new Map(moved.map((n) => [n.id, boxOf(n)]));
    const after = applyMembership(moved, boxes, new Map([["b", null]]), frames);
    expect(after[1]!.data.metadata).toEqual({ position: { x: 200, y: 100 } });
    const left = view(after.map((n, i) => ({ ...n, x: moved[i]!.x, y: moved[i]!.y })));
    expect(left.find((x) => x.id === "g1")?.box).toEqual({ x: 0, y: 0, right: 300, bottom: 150 });
    expect(left.find((x) => x.id === "g1")?.members).toEqual(["a"]);
    // d, alone in g2, leaves: g2 is no more.
    const gone = applyMembership(nodes, new Map(nodes.map((n) => [n.id, boxOf(n)])), new Map([["d", null]]), frames);
    expect(view(gone).map((x) => x.id)).toEqual(["g1"]);
  });
});

describe("the run dialog's table", () => {
  it("a table input gets the table editor even when its format sits beside a nullable union", () => {
    const value = { anyOf: [{ type: "array", items: { type: "object" } }, { type: "null" }], format: "table" };
    expect(runInputKind("rows", value)).toBe("table");
    expect(runInputKind("rows", { type: "array", format: "table" })).toBe("table");
  });

  it("columns come from the input's schema (one per header), else its default rows, else AutoGPT's defaults", () => {
    expect(tableHeaders({ format: "table", items: { properties: { Name: {}, Age: {} } } })).toEqual(["Name", "Age"]);
    expect(tableHeaders({ anyOf: [{ type: "array", items: { properties: { City: {} } } }, { type: "null" }] })).toEqual(
      ["City"],
    );
    expect(tableHeaders({ default: [{ x: 1 }, { y: "2" }] })).toEqual(["x", "y"]);
    expect(tableHeaders({ type: "array" })).toEqual(["Column 1", "Column 2", "Column 3"]);
  });

  it("default rows fill the cells; typed cells become one object per row, blank rows dropped", () => {
    const headers = ["Name", "Age"];
    expect(tableCells(headers, [{ Name: "Ada", Age: 36 }, { Name: "Alan" }, "junk"])).toEqual([
      ["Ada", "36"],
      ["Alan", ""],
    ]);
    expect(tableCells(headers, null)).toEqual([]);
    expect(blankRow(headers)).toEqual(["", ""]);
    expect(
      tableValue(headers, [
        ["Ada", "36"],
        [" ", ""],
        ["", "41"],
      ]),
    ).toEqual([
      { Name: "Ada", Age: "36" },
      { Name: "", Age: "41" },
    ]);
  });
});

describe("the run dialog's number input", () => {
  it("an integer input refuses a fraction before anything is sent; a number input takes it", () => {
    const integer = { anyOf: [{ type: "integer" }, { type: "null" }] };
    expect(parseRunInput("number", 4.5, integer)).toEqual({ ok: false, error: "A whole number" });
    expect(parseRunInput("number", 42, integer)).toEqual({ ok: true, value: 42 });
    expect(parseRunInput("number", 4.5, { type: "number" })).toEqual({ ok: true, value: 4.5 });
    expect(parseRunInput("number", "", integer)).toEqual({ ok: true, value: undefined });
  });
});
