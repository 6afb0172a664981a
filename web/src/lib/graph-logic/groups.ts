// Groups on the canvas: kept in each member's `metadata.group` ({ id, label, width?, height? }; AutoGPT ignores
// it), drawn as a box around the members. A resized box keeps its size from the members' top-left corner; it never
// shrinks below the members.

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
