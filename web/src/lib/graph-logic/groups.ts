// Groups on the canvas: kept in each member's `metadata.group` ({ id, label, width?, height? }; AutoGPT ignores
// it), drawn as a box around the members. A resized box keeps its size from the members' top-left corner; it never
// shrinks below the members.
// Not Svelte Flow's subflows (`parentId`): a child's position is relative to its parent, while AutoGPT's
// `metadata.position` is absolute and a group is no node of the graph. Membership follows where nodes are dropped
// (`membershipAfterDrop`: a node's centre inside a drawn frame), kept pure here so it is unit-tested.

export type GroupMeta = { id: string; label: string; width?: number; height?: number };
export type Box = { x: number; y: number; right: number; bottom: number };
/** `box` is what is drawn (resized), `fit` the box around the members alone. */
export type GroupView = { id: string; label: string; members: string[]; box: Box; fit: Box };
type Meta = Record<string, unknown>;
type WithMeta = { data: { metadata: Meta } };

const positive = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined;

/** The group a node's metadata puts it in, if any. */
export function groupOf(metadata: Meta): GroupMeta | undefined {
  const g = metadata.group as Record<string, unknown> | undefined;
  if (!g || typeof g !== "object" || typeof g.id !== "string") return undefined;
  const found: GroupMeta = { id: g.id, label: typeof g.label === "string" && g.label ? g.label : "Group" };
  const width = positive(g.width);
  const height = positive(g.height);
  if (width) found.width = width;
  if (height) found.height = height;
  return found;
}

/**
 * The boxes around each group's members (given each node's id, position and size), widened to a resized size.
 * @example groupBoxes([{ id: "a", x: 0, y: 0, width: 100, height: 50, metadata: { group: { id: "g", label: "G", width: 300 } } }])
 * // [{ id: "g", label: "G", members: ["a"], box: { x: 0, y: 0, right: 300, bottom: 50 }, fit: { …, right: 100 } }]
 */
export function groupBoxes(
  nodes: readonly { id: string; x: number; y: number; width: number; height: number; metadata: Meta }[],
): GroupView[] {
  const found = new Map<string, Omit<GroupView, "fit"> & { size: { width?: number; height?: number } }>();
  for (const n of nodes) {
    const g = groupOf(n.metadata);
    if (!g) continue;
    const box = { x: n.x, y: n.y, right: n.x + n.width, bottom: n.y + n.height };
    const known = found.get(g.id);
    if (!known) {
      found.set(g.id, { id: g.id, label: g.label, members: [n.id], box, size: { width: g.width, height: g.height } });
      continue;
    }
    known.members.push(n.id);
    known.box = {
      x: Math.min(known.box.x, box.x),
      y: Math.min(known.box.y, box.y),
      right: Math.max(known.box.right, box.right),
      bottom: Math.max(known.box.bottom, box.bottom),
    };
  }
  return [...found.values()].map(({ size, ...g }) => ({
    ...g,
    fit: g.box,
    box: {
      ...g.box,
      right: Math.max(g.box.right, g.box.x + (size.width ?? 0)),
      bottom: Math.max(g.box.bottom, g.box.y + (size.height ?? 0)),
    },
  }));
}

function patchGroup<N extends WithMeta>(nodes: readonly N[], groupId: string, patch: (g: Meta) => Meta): N[] {
  return nodes.map((n) => {
    const g = n.data.metadata.group as Meta | undefined;
    if (groupOf(n.data.metadata)?.id !== groupId || !g) return n;
    return { ...n, data: { ...n.data, metadata: { ...n.data.metadata, group: patch(g) } } };
  });
}

/**
 * Renames a group on every member; a blank name changes nothing.
 * @example renameGroup(nodes, "g", "Inputs")
 */
export function renameGroup<N extends WithMeta>(nodes: readonly N[], groupId: string, label: string): N[] {
  const name = label.trim();
  if (!name) return [...nodes];
  return patchGroup(nodes, groupId, (g) => ({ ...g, label: name }));
}

/**
 * Sets a group box's size (from its members' top-left corner), never smaller than the members need.
 * `members` is the box around the members alone.
 */
export function resizeGroup<N extends WithMeta>(
  nodes: readonly N[],
  groupId: string,
  size: { width: number; height: number },
  members: Box,
): N[] {
  const width = Math.round(Math.max(size.width, members.right - members.x));
  const height = Math.round(Math.max(size.height, members.bottom - members.y));
  return patchGroup(nodes, groupId, (g) => ({ ...g, width, height }));
}

/** Metadata without the group box's size: resizing a box is layout, like moving a card. */
export function withoutGroupSize(metadata: Meta): Meta {
  const g = metadata.group as Meta | undefined;
  if (!g || typeof g !== "object") return metadata;
  const { width: _w, height: _h, ...rest } = g;
  return { ...metadata, group: rest };
}

/** The drawn frame reaches this far beyond its members, plus a header above them (flow units). */
export const FRAME_PAD = 24;
export const FRAME_HEADER = 26;

/** The frame drawn for a group's box: what a node is dropped into. */
export function frameOf(box: Box): Box {
  return {
    x: box.x - FRAME_PAD,
    y: box.y - FRAME_PAD - FRAME_HEADER,
    right: box.right + FRAME_PAD,
    bottom: box.bottom + FRAME_PAD,
  };
}

/** Groups some (not all) of whose members are being dragged: their frames stay put during the drag. */
export function heldGroups(groups: readonly GroupView[], dragged: ReadonlySet<string>): Set<string> {
  return new Set(
    groups
      .filter((g) => g.members.some((m) => dragged.has(m)) && !g.members.every((m) => dragged.has(m)))
      .map((g) => g.id),
  );
}

/**
 * Where dropped nodes belong: a node whose centre lies in a group's frame joins that group (the smallest frame
 * when frames overlap), one dropped outside every frame leaves its group. Nodes dragged with all the rest of
 * their group move the group and keep it. `frames` are the groups as they were when the drag started.
 * Returns only the nodes whose group changes (null: no group).
 * @example membershipAfterDrop(groups, [{ id: "c", group: undefined, box: insideG }]) // Map { "c" => "g" }
 */
export function membershipAfterDrop(
  frames: readonly GroupView[],
  dropped: readonly { id: string; group: string | undefined; box: Box }[],
): Map<string, string | null> {
  const ids = new Set(dropped.map((d) => d.id));
  const movedWhole = new Set(frames.filter((g) => g.members.every((m) => ids.has(m))).map((g) => g.id));
  const targets = frames
    .filter((g) => !movedWhole.has(g.id))
    .map((g) => ({ id: g.id, frame: frameOf(g.box) }))
    .sort((a, b) => area(a.frame) - area(b.frame));
  const changes = new Map<string, string | null>();
  for (const d of dropped) {
    if (d.group && movedWhole.has(d.group)) continue;
    const cx = (d.box.x + d.box.right) / 2;
    const cy = (d.box.y + d.box.bottom) / 2;
    const into = targets.find((t) => cx >= t.frame.x && cx <= t.frame.right && cy >= t.frame.y && cy <= t.frame.bottom);
    const to = into?.id ?? null;
    if (to !== (d.group ?? null)) changes.set(d.id, to);
  }
  return changes;
}

const area = (b: Box) => (b.right - b.x) * (b.bottom - b.y);

/**
 * Moves nodes into or out of groups (`changes`: node id → group id, or null to leave its group). The frames
 * concerned keep their place as far as they can: a group that loses a member keeps its right and bottom edges
 * (its box is anchored at its members' top-left corner, so the left and top close in on those left), one that
 * gains a member grows to take it in. A group left without members is gone. `boxes` are the nodes' current
 * boxes; `frames` the groups before the change.
 */
export function applyMembership<N extends WithMeta & { id: string }>(
  nodes: readonly N[],
  boxes: ReadonlyMap<string, Box>,
  changes: ReadonlyMap<string, string | null>,
  frames: readonly GroupView[],
): N[] {
  if (changes.size === 0) return [...nodes];
  const byId = new Map(frames.map((g) => [g.id, g]));
  const affected = new Set<string>();
  let next = nodes.map((n) => {
    if (!changes.has(n.id)) return n;
    const from = groupOf(n.data.metadata)?.id;
    const to = changes.get(n.id) ?? null;
    if (from) affected.add(from);
    const { group: _old, ...metadata } = n.data.metadata;
    const target = to ? byId.get(to) : undefined;
    if (!target) return { ...n, data: { ...n.data, metadata } };
    affected.add(target.id);
    return { ...n, data: { ...n.data, metadata: { ...metadata, group: { id: target.id, label: target.label } } } };
  });
  for (const id of affected) {
    const before = byId.get(id);
    const members = next.filter((n) => groupOf(n.data.metadata)?.id === id).map((n) => boxes.get(n.id));
    if (!before || members.length === 0 || members.some((b) => !b)) continue;
    const fit = (members as Box[]).reduce((a, b) => ({
      x: Math.min(a.x, b.x),
      y: Math.min(a.y, b.y),
      right: Math.max(a.right, b.right),
      bottom: Math.max(a.bottom, b.bottom),
    }));
    const width = Math.round(Math.max(before.box.right, fit.right) - fit.x);
    const height = Math.round(Math.max(before.box.bottom, fit.bottom) - fit.y);
    next = patchGroup(next, id, (g) => ({ ...g, width, height }));
  }
  return next;
}
