// The editor's state: canvas nodes/edges, the block catalogue, undo history, clipboard, and the run and
// validation overlays. Node cards reach it through context (see context.ts) instead of prop-drilling.
import { type Edge, type Node, type NodeHandle, Position } from "@xyflow/svelte";
import type { BlockInfo } from "$lib/api";
import { autoLayout } from "$lib/graph-logic/auto-layout";
import { estimatedCard } from "$lib/graph-logic/card-estimate";
import { type Clip, copySelection, pasteClip } from "$lib/graph-logic/clipboard";
import { checkConnection, freeSpot } from "$lib/graph-logic/connect";
import type { BlockNodeData, NodeIssues, NodeRunView } from "$lib/graph-logic/flow-types";
import { fromFlow, NOTE_BLOCK_ID, nodeTypeFor, toFlow, withoutOverlays } from "$lib/graph-logic/graph-convert";
import {
  applyMembership,
  type Box,
  FRAME_PAD,
  frameOf,
  type GroupView,
  groupBoxes,
  groupOf as groupOfMeta,
  heldGroups,
  membershipAfterDrop,
  renameGroup,
  resizeGroup,
  withoutGroupSize,
} from "$lib/graph-logic/groups";
import { createHistory } from "$lib/graph-logic/history";
import { nodeSchemas } from "$lib/graph-logic/node-schemas";
import { compactOnOpen } from "$lib/graph-logic/opening-view";
import { blockDisplayName } from "$lib/graph-logic/palette";
import { PIN_TYPE_COLOR } from "$lib/graph-logic/pin-types";
import { basePinName, cardPins, dictPinName, outputPins } from "$lib/graph-logic/pins";
import type { Graph } from "../../../../graph/schema";

export type CanvasNode = Node<BlockNodeData, "block" | "note">;
export type CanvasEdge = Edge<{ isStatic: boolean }>;
export type AgentMeta = { name: string; description: string };
type Snapshot = { nodes: CanvasNode[]; edges: CanvasEdge[]; meta: AgentMeta };

/** The graph as saved, for telling real changes from undone ones; `layout: false` leaves positions out. */
function signature(graph: Pick<Graph, "nodes" | "links">, meta: AgentMeta, layout: boolean): string {
  const nodes = layout
    ? graph.nodes
    : graph.nodes.map((n) => {
        // Moving a card or resizing a note is layout, not a change to what the agent does.
        const { position: _p, width: _w, height: _h, ...metadata } = n.metadata ?? {};
        return { ...n, metadata: withoutGroupSize(metadata) };
      });
  return JSON.stringify([meta, nodes, graph.links]);
}

/** A new note's size (resizable on the canvas). */
const NOTE_SIZE = { width: 240, height: 160 };

/** Typing into a field records one undo step per burst, not one per keystroke. */
const TYPING_BURST_MS = 1200;

export class EditorStore {
  nodes = $state.raw<CanvasNode[]>([]);
  edges = $state.raw<CanvasEdge[]>([]);
  blocks = $state.raw<ReadonlyMap<string, BlockInfo>>(new Map());
  dirty = $state(false);
  /** The agent's name and description: edited in the toolbar, undoable like the canvas. */
  meta = $state<AgentMeta>({ name: "", description: "" });
  #saved = { full: "", graph: "" };
  /** A short message for the status line (refused links, paste counts, ...). */
  notice = $state<{ kind: "info" | "error"; text: string } | null>(null);
  /** Zoomed far out: node cards drop their forms (unreadable at that size) so large graphs stay smooth. */
  compact = $state(false);
  #history = createHistory<Snapshot>();
  #historyTick = $state(0);
  #clip: Clip | null = null;
  #lastTyping: { key: string; at: number } | null = null;
  /** Nodes still carrying an estimated size and handles (see `estimateCards`), and those drawn since. */
  #estimated = new Set<string>();
  #drawn = new Set<string>();

  /** Input pins fed by a link, per node: their fields show "linked" instead of an editor. */
  linkedInputs = $derived.by(() => {
    const map = new Map<string, Set<string>>();
    for (const e of this.edges) {
      if (!e.targetHandle) continue;
      const set = map.get(e.target) ?? new Set<string>();
      set.add(e.targetHandle);
      map.set(e.target, set);
    }
    return map;
  });

  /** Something is selected (toolbar Duplicate/Delete apply to it). */
  hasSelection = $derived(this.nodes.some((n) => n.selected) || this.edges.some((e) => e.selected));

  /** Output pins used by links, per node (cards keep a handle for each, even if the block no longer declares it). */
  usedOutputs = $derived.by(() => {
    const map = new Map<string, Set<string>>();
    for (const e of this.edges) {
      if (!e.sourceHandle) continue;
      const set = map.get(e.source) ?? new Set<string>();
      set.add(e.sourceHandle);
      map.set(e.source, set);
    }
    return map;
  });

  get canUndo(): boolean {
    void this.#historyTick;
    return this.#history.canUndo;
  }
  get canRedo(): boolean {
    void this.#historyTick;
    return this.#history.canRedo;
  }

  blockOf = (blockId: string): BlockInfo | undefined => this.blocks.get(blockId);

  /** A node as people know it: its title, else its block's name. */
  nodeLabel(nodeId: string): string {
    const node = this.nodes.find((n) => n.id === nodeId);
    if (!node) return `node ${nodeId.slice(0, 8)}`;
    if (node.data.title) return node.data.title;
    const block = this.blockOf(node.data.blockId);
    return block ? blockDisplayName(block.name) : `Unknown block ${node.data.blockId.slice(0, 8)}`;
  }

  /** A message with node ids (and block ids) replaced by names people recognise. */
  humanize(message: string): string {
    return message.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => {
      if (this.nodes.some((n) => n.id === id)) return `“${this.nodeLabel(id)}”`;
      const block = this.blockOf(id);
      return block ? blockDisplayName(block.name) : id;
    });
  }

  /**
   * Text typed into a JSON field that does not parse, per `nodeId` and pin. Kept here (not in the field) so it
   * survives the field losing focus or being scrolled out of the canvas, and so saving can refuse while any is left.
   */
  invalidDrafts = $state.raw<ReadonlyMap<string, { nodeId: string; pin: string; text: string }>>(new Map());

  setInvalidDraft(nodeId: string, pin: string, text: string | null): void {
    const key = `${nodeId}\u0000${pin}`;
    if (text === null && !this.invalidDrafts.has(key)) return;
    const next = new Map(this.invalidDrafts);
    if (text === null) next.delete(key);
    else next.set(key, { nodeId, pin, text });
    this.invalidDrafts = next;
  }

  invalidDraft(nodeId: string, pin: string): string | undefined {
    return this.invalidDrafts.get(`${nodeId}\u0000${pin}`)?.text;
  }

  /** The first field (of a node still on the canvas) holding text that is not valid JSON, if any. */
  firstInvalidDraft(): { nodeId: string; pin: string } | undefined {
    const present = new Set(this.nodes.map((n) => n.id));
    return [...this.invalidDrafts.values()].find((d) => present.has(d.nodeId));
  }

  /** Asks the canvas to select a node and bring it into view (set here, acted on by the canvas). */
  focusRequest = $state<{ id: string; field?: string } | null>(null);
  /** Select a node and bring it into view; with `field`, also put the cursor into that input's field. */
  focusNode(nodeId: string, field?: string): void {
    this.nodes = this.nodes.map((n) =>
      n.id === nodeId ? { ...n, selected: true } : n.selected ? { ...n, selected: false } : n,
    );
    this.focusRequest = { id: nodeId, ...(field ? { field } : {}) };
  }

  /** Replace the canvas with a saved graph (clears history: a loaded version is a new starting point). */
  load(graph: Pick<Graph, "nodes" | "links"> & Partial<AgentMeta>): void {
    this.meta = { name: graph.name ?? "", description: graph.description ?? "" };
    const flow = toFlow(graph);
    this.nodes = flow.nodes.map((n) => ({ ...n, type: nodeTypeFor(n.data.blockId) }));
    const byId = new Map(this.nodes.map((n) => [n.id, n]));
    this.edges = flow.edges.map((e) => ({
      ...e,
      style: this.edgeStyle(e.source, e.sourceHandle, e.data?.isStatic ?? false, byId),
    }));
    this.#estimated.clear();
    this.invalidDrafts = new Map();
    // Start as the opening view will need, rather than render every form once for nothing.
    this.compact = compactOnOpen(flow.nodes.length);
    this.#history = createHistory<Snapshot>();
    this.#historyTick++;
    this.markSaved();
  }

  /** What is on screen is what the server has (after a load or a save). */
  markSaved(): void {
    const g = this.toGraph();
    this.#saved = { full: signature(g, this.meta, true), graph: signature(g, this.meta, false) };
    this.dirty = false;
  }

  /** Whether anything but the layout differs from the saved version (only such changes need a new version). */
  get graphChanged(): boolean {
    return signature(this.toGraph(), this.meta, false) !== this.#saved.graph;
  }

  /** A note was resized (recorded for undo at the start): unsaved unless it is back to its saved size. */
  resized(): void {
    this.#recomputeDirty();
  }

  #recomputeDirty(): void {
    this.dirty = signature(this.toGraph(), this.meta, true) !== this.#saved.full;
  }

  /** Rename or re-describe the agent: one undo step per typing burst, as with fields. */
  setMeta(patch: Partial<AgentMeta>): void {
    const key = `meta:${Object.keys(patch).join()}`;
    const now = Date.now();
    if (!this.#lastTyping || this.#lastTyping.key !== key || now - this.#lastTyping.at > TYPING_BURST_MS) {
      this.record();
    }
    this.#lastTyping = { key, at: now };
    this.meta = { ...this.meta, ...patch };
    this.#recomputeDirty();
  }

  /**
   * Gives these nodes (out of sight when the canvas opens) an estimated size and handle positions, so Svelte Flow
   * draws them when they come into view instead of drawing all of them at once only to measure them.
   */
  estimateCards(ids: Iterable<string>): void {
    const wanted = new Set(ids);
    this.nodes = this.nodes.map((n) => {
      if (!wanted.has(n.id) || n.type === "note") return n;
      const block = this.blockOf(n.data.blockId);
      const linked = this.linkedInputs.get(n.id) ?? new Set<string>();
      const schemas = block ? nodeSchemas(block, n.data.inputs) : undefined;
      const pins = cardPins(schemas, n.data.dynamicPins, linked, this.usedOutputs.get(n.id) ?? []);
      const card = estimatedCard(pins.inputs, pins.outputs, linked);
      const handles: NodeHandle[] = card.handles.map(({ side, ...h }) => ({
        ...h,
        position: side === "left" ? Position.Left : Position.Right,
      }));
      this.#estimated.add(n.id);
      return { ...n, measured: card.measured, handles };
    });
  }

  /** A card was drawn: Svelte Flow measures it now, and estimated handles would override what it measures. */
  drawn(nodeId: string): void {
    if (!this.#estimated.delete(nodeId)) return;
    // Cards come into view by the dozen while panning: one pass over the nodes for all of them.
    if (this.#drawn.size === 0) queueMicrotask(() => this.#dropEstimates());
    this.#drawn.add(nodeId);
  }

  #dropEstimates(): void {
    const drawn = this.#drawn;
    this.#drawn = new Set();
    this.nodes = this.nodes.map((n) => (drawn.has(n.id) ? withoutHandles(n) : n));
  }

  /** The graph body to save (overlays stripped). */
  toGraph(): Pick<Graph, "nodes" | "links"> {
    return fromFlow(withoutOverlays(this.nodes), this.edges);
  }

  #snapshot(): Snapshot {
    return structuredClone({
      nodes: withoutOverlays(this.nodes).map((n) => withoutHandles({ ...n, selected: false })) as CanvasNode[],
      edges: this.edges.map((e) => ({ ...e, selected: false })),
      meta: { ...this.meta },
    });
  }

  /** Call before every user change. */
  record(): void {
    this.#history.record(this.#snapshot());
    this.#historyTick++;
    this.dirty = true;
    this.#lastTyping = null;
  }

  #restore(s: Snapshot | undefined): void {
    if (!s) return;
    const overlays = new Map(
      this.nodes.map((n) => [n.id, { run: n.data.run, issues: n.data.issues, warnings: n.data.warnings }]),
    );
    this.nodes = s.nodes.map((n) => ({ ...n, data: { ...n.data, ...stripUndefined(overlays.get(n.id)) } }));
    this.edges = s.edges;
    this.meta = s.meta;
    this.#historyTick++;
    // Undoing back to the saved state leaves nothing unsaved.
    this.#recomputeDirty();
  }
  undo(): void {
    this.#restore(this.#history.undo(this.#snapshot()));
  }
  redo(): void {
    this.#restore(this.#history.redo(this.#snapshot()));
  }

  addBlock(block: BlockInfo, at: { x: number; y: number }): string {
    this.record();
    const id = crypto.randomUUID();
    const node: CanvasNode = {
      id,
      type: nodeTypeFor(block.id),
      ...(block.id === NOTE_BLOCK_ID ? { width: NOTE_SIZE.width, height: NOTE_SIZE.height } : {}),
      position: freeSpot(this.nodes, at, this.#newCardSize(block)),
      data: {
        blockId: block.id,
        inputs: block.id === NOTE_BLOCK_ID ? { text: "" } : {},
        dynamicPins: [],
        metadata: {},
      },
      selected: true,
    };
    this.nodes = [...this.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
    return id;
  }

  /** The size a new card of this block will have, estimated from its pins (it is not drawn yet). */
  #newCardSize(block: BlockInfo): { width: number; height: number } {
    if (block.id === NOTE_BLOCK_ID) return NOTE_SIZE;
    const pins = cardPins(nodeSchemas(block, {}), [], new Set<string>(), []);
    const m = estimatedCard(pins.inputs, pins.outputs, new Set<string>()).measured;
    return { width: Math.max(300, m.width ?? 300), height: Math.max(160, m.height ?? 160) };
  }

  #updateData(nodeId: string, update: (d: BlockNodeData) => BlockNodeData): void {
    this.nodes = this.nodes.map((n) => (n.id === nodeId ? { ...n, data: update(n.data) } : n));
  }

  setInput(nodeId: string, pin: string, value: unknown): void {
    const key = `${nodeId}:${pin}`;
    const now = Date.now();
    if (!this.#lastTyping || this.#lastTyping.key !== key || now - this.#lastTyping.at > TYPING_BURST_MS) {
      this.record();
    }
    this.#lastTyping = { key, at: now };
    this.#updateData(nodeId, (d) => {
      const inputs = { ...d.inputs };
      if (value === undefined) delete inputs[pin];
      else inputs[pin] = value;
      const issues = d.issues ? { ...d.issues, pins: omit(d.issues.pins, pin) } : undefined;
      const warnings = d.warnings ? { ...d.warnings, pins: omit(d.warnings.pins, pin) } : undefined;
      return { ...d, inputs, ...(issues ? { issues } : {}), ...(warnings ? { warnings } : {}) };
    });
  }

  /** Set several inputs of one node as one undo step (a pick that fills related fields together). */
  setInputs(nodeId: string, values: Record<string, unknown>): void {
    this.record();
    const pins = Object.keys(values);
    this.#updateData(nodeId, (d) => {
      const inputs = { ...d.inputs };
      for (const [pin, value] of Object.entries(values)) {
        if (value === undefined) delete inputs[pin];
        else inputs[pin] = value;
      }
      const clear = (p: Record<string, string>) =>
        Object.fromEntries(Object.entries(p).filter(([k]) => !pins.includes(k)));
      const issues = d.issues ? { ...d.issues, pins: clear(d.issues.pins) } : undefined;
      const warnings = d.warnings ? { ...d.warnings, pins: clear(d.warnings.pins) } : undefined;
      return { ...d, inputs, ...(issues ? { issues } : {}), ...(warnings ? { warnings } : {}) };
    });
  }

  /** Set a sub-agent input (stored under `input_default.inputs`, AutoGPT's AgentExecutorBlock layout). */
  setNestedInput(nodeId: string, pin: string, value: unknown): void {
    const node = this.nodes.find((n) => n.id === nodeId);
    const nested = { ...((node?.data.inputs.inputs as Record<string, unknown> | undefined) ?? {}) };
    if (value === undefined) delete nested[pin];
    else nested[pin] = value;
    this.setInput(nodeId, "inputs", nested);
  }

  setTitle(nodeId: string, title: string): void {
    this.record();
    this.#updateData(nodeId, (d) => ({ ...d, title: title.trim() || undefined }));
  }

  /** Adds a dictionary pin (`values_#_name`) to a node; returns an error message when the key is unusable. */
  addDynamicPin(nodeId: string, base: string, key: string): string | null {
    const clean = key.trim();
    if (!/^[A-Za-z0-9_\-. ]+$/.test(clean)) return "Use letters, digits, spaces, '-', '_' or '.'";
    const name = dictPinName(base, clean);
    const node = this.nodes.find((n) => n.id === nodeId);
    if (node?.data.dynamicPins.includes(name)) return `"${clean}" already exists`;
    this.record();
    this.#updateData(nodeId, (d) => ({ ...d, dynamicPins: [...d.dynamicPins, name] }));
    return null;
  }

  removeDynamicPin(nodeId: string, pin: string): void {
    this.record();
    this.#updateData(nodeId, (d) => ({
      ...d,
      dynamicPins: d.dynamicPins.filter((p) => p !== pin),
      inputs: omit(d.inputs, pin),
    }));
    this.edges = this.edges.filter((e) => !(e.target === nodeId && e.targetHandle === pin));
  }

  /** Remove every link into one input pin. */
  unlinkInput(nodeId: string, pin: string): void {
    this.record();
    this.edges = this.edges.filter((e) => !(e.target === nodeId && e.targetHandle === pin));
  }

  checkConnection(c: { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null }) {
    return checkConnection(c, this.nodes, this.edges, this.blockOf);
  }

  /** Links take the colour of the value they carry (the source pin's type). */
  edgeStyle(
    sourceNodeId: string,
    sourceHandle: string | null | undefined,
    isStatic: boolean,
    byId?: ReadonlyMap<string, CanvasNode>,
  ): string {
    const node = byId ? byId.get(sourceNodeId) : this.nodes.find((n) => n.id === sourceNodeId);
    const block = node ? this.blockOf(node.data.blockId) : undefined;
    const pin =
      node && block && sourceHandle
        ? outputPins(nodeSchemas(block, node.data.inputs).output).find((p) => p.name === basePinName(sourceHandle))
        : undefined;
    // Svelte Flow's own stroke variable: selected and animated links still restyle over it.
    // Static links (values reused by every later run of the sink) are dashed.
    return `--xy-edge-stroke: ${PIN_TYPE_COLOR[pin?.type ?? "any"]};${isStatic ? " stroke-dasharray: 6 4;" : ""}`;
  }

  /** Whether links from this source are static (the block's outputs are reused by every later run of the sink). */
  isStaticSource(nodeId: string): boolean {
    const node = this.nodes.find((n) => n.id === nodeId);
    return node ? (this.blockOf(node.data.blockId)?.static_output ?? false) : false;
  }

  deleteSelected(): void {
    const gone = new Set(this.nodes.filter((n) => n.selected).map((n) => n.id));
    const edgesLeft = this.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
    if (gone.size === 0 && edgesLeft.length === this.edges.length) return;
    this.record();
    this.nodes = this.nodes.filter((n) => !gone.has(n.id));
    this.edges = edgesLeft;
  }

  copy(): number {
    this.#clip = copySelection(this.nodes, this.edges) as Clip;
    return this.#clip.nodes.length;
  }

  paste(): number {
    if (!this.#clip || this.#clip.nodes.length === 0) return 0;
    this.record();
    const pasted = pasteClip(this.#clip, () => crypto.randomUUID());
    this.#clip = { nodes: pasted.nodes, edges: pasted.edges };
    this.nodes = [
      ...this.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
      // A copy of a card never drawn would keep its estimated handles for good (`drawn` only knows the original).
      ...(pasted.nodes as CanvasNode[]).map((n) => {
        // Copies stand on their own: they do not stretch the original's group box.
        const { group: _g, ...metadata } = n.data.metadata;
        return withoutHandles({ ...n, type: nodeTypeFor(n.data.blockId), data: { ...n.data, metadata } });
      }),
    ];
    this.edges = [...this.edges, ...(pasted.edges as CanvasEdge[])];
    return pasted.nodes.length;
  }

  duplicateSelected(): number {
    if (this.copy() === 0) return 0;
    return this.paste();
  }

  /** A node's drawn size (or the size it is expected to have until drawn). */
  #sizeOf(n: CanvasNode): { width: number; height: number } {
    return { width: n.measured?.width ?? n.width ?? 290, height: n.measured?.height ?? n.height ?? 160 };
  }

  /** Bumped when the whole graph should be brought into view (after an auto-layout). */
  fitRequest = $state(0);

  /** Lays the graph out left to right (dagre); one undo step. */
  autoLayout(): void {
    if (this.nodes.length === 0) return;
    this.record();
    const placed = autoLayout(
      this.nodes.map((n) => ({ id: n.id, ...this.#sizeOf(n) })),
      this.edges.map((e) => ({ source: e.source, target: e.target })),
    );
    this.nodes = this.nodes.map((n) => {
      const p = placed.get(n.id);
      return p ? { ...n, position: p } : n;
    });
    this.#recomputeDirty();
    this.fitRequest++;
  }

  #liveGroups = $derived(
    groupBoxes(this.nodes.map((n) => ({ id: n.id, ...n.position, ...this.#sizeOf(n), metadata: n.data.metadata }))),
  );

  /**
   * Groups on the canvas (kept in each member's `metadata.group`), with the box around their members. While some
   * of a group's members are dragged, its frame stays where it was (dropping them outside it takes them out).
   */
  groups = $derived.by(() => {
    const drag = this.drag;
    if (!drag || drag.held.size === 0) return this.#liveGroups;
    return this.#liveGroups.map((g) => (drag.held.has(g.id) ? (drag.frames.find((f) => f.id === g.id) ?? g) : g));
  });

  /**
   * While nodes are dragged: the groups as they were when the drag started, those whose frames stay put, and the
   * frames the drop would add the nodes to (`joining`) or take them out of (`leaving`), for highlighting.
   */
  drag = $state.raw<{
    ids: ReadonlySet<string>;
    frames: GroupView[];
    held: ReadonlySet<string>;
    joining: ReadonlySet<string>;
    leaving: ReadonlySet<string>;
  } | null>(null);

  /** Nodes started moving (the drag itself records the undo step). */
  startDrag(ids: readonly string[]): void {
    const frames = this.#liveGroups;
    const set = new Set(ids);
    this.drag = { ids: set, frames, held: heldGroups(frames, set), joining: new Set(), leaving: new Set() };
  }

  /** The dragged nodes are at these positions: which frames would they join or leave if dropped here. */
  dragOver(at: readonly { id: string; position: { x: number; y: number } }[]): void {
    const drag = this.drag;
    if (!drag) return;
    const changes = membershipAfterDrop(drag.frames, this.#dropped(at));
    const joining = new Set([...changes.values()].filter((g): g is string => g !== null));
    const leaving = new Set(
      [...changes.keys()].map((id) => this.#groupOfId(id)).filter((g): g is string => !!g && !joining.has(g)),
    );
    if (sameSet(joining, drag.joining) && sameSet(leaving, drag.leaving)) return;
    this.drag = { ...drag, joining, leaving };
  }

  /**
   * The dragged nodes were dropped here: a node dropped into a group's frame joins it, one dropped outside its
   * group's frame leaves it (part of the drag's undo step).
   */
  endDrag(at: readonly { id: string; position: { x: number; y: number } }[]): void {
    const drag = this.drag;
    this.drag = null;
    if (!drag) return;
    const changes = membershipAfterDrop(drag.frames, this.#dropped(at));
    if (changes.size === 0) return;
    const moved = new Map(at.map((a) => [a.id, a.position]));
    this.nodes = applyMembership(this.nodes, this.#boxes(moved), changes, drag.frames);
    this.notice = { kind: "info", text: this.#membershipNotice(changes, drag.frames) };
    this.#recomputeDirty();
  }

  #membershipNotice(changes: ReadonlyMap<string, string | null>, frames: readonly GroupView[]): string {
    const label = (id: string | undefined) => frames.find((g) => g.id === id)?.label ?? "its group";
    const entries = [...changes];
    const name = entries.length === 1 ? `“${this.nodeLabel(entries[0]?.[0] ?? "")}”` : `${entries.length} nodes`;
    const targets = new Set(entries.map(([, g]) => g));
    if (targets.size > 1) return `Regrouped ${name}`;
    const [to] = targets;
    if (to) return `Added ${name} to ${label(to)}`;
    const from = new Set(entries.map(([id]) => this.#groupBefore(id, frames)));
    return from.size === 1 ? `Removed ${name} from ${label([...from][0])}` : `Removed ${name} from their groups`;
  }

  #groupBefore(nodeId: string, frames: readonly GroupView[]): string | undefined {
    return frames.find((g) => g.members.includes(nodeId))?.id;
  }

  #groupOfId(nodeId: string): string | undefined {
    const n = this.nodes.find((x) => x.id === nodeId);
    return n ? groupOf(n)?.id : undefined;
  }

  /** Each node's box on the canvas, with `moved` positions taking over. */
  #boxes(moved: ReadonlyMap<string, { x: number; y: number }> = new Map()): Map<string, Box> {
    return new Map(
      this.nodes.map((n) => {
        const p = moved.get(n.id) ?? n.position;
        const size = this.#sizeOf(n);
        return [n.id, { x: p.x, y: p.y, right: p.x + size.width, bottom: p.y + size.height }];
      }),
    );
  }

  #dropped(at: readonly { id: string; position: { x: number; y: number } }[]) {
    const byId = new Map(this.nodes.map((n) => [n.id, n]));
    return at.flatMap(({ id, position }) => {
      const n = byId.get(id);
      if (!n) return [];
      const size = this.#sizeOf(n);
      const box = { x: position.x, y: position.y, right: position.x + size.width, bottom: position.y + size.height };
      return [{ id, group: groupOf(n)?.id, box }];
    });
  }

  /** Whether any selected node is in a group ("Remove from group" applies). */
  get selectionInGroup(): boolean {
    return this.nodes.some((n) => n.selected && groupOf(n));
  }

  /**
   * Takes the selected nodes out of their groups (one undo step): each is set down just below its group's frame,
   * which keeps its size; a group left empty is gone. Returns how many left a group.
   */
  removeSelectedFromGroup(): number {
    const leaving = this.nodes.filter((n) => n.selected && groupOf(n));
    if (leaving.length === 0) return 0;
    this.record();
    const frames = this.groups;
    const below = new Map<string, number>();
    const moved = new Map<string, { x: number; y: number }>();
    for (const n of leaving) {
      const g = frames.find((f) => f.id === groupOf(n)?.id);
      if (!g) continue;
      const y = below.get(g.id) ?? frameOf(g.box).bottom + FRAME_PAD;
      moved.set(n.id, { x: n.position.x, y });
      below.set(g.id, y + this.#sizeOf(n).height + FRAME_PAD);
    }
    const changes = new Map(leaving.map((n) => [n.id, null]));
    const notice = this.#membershipNotice(changes, frames);
    this.nodes = applyMembership(
      this.nodes.map((n) => {
        const p = moved.get(n.id);
        return p ? { ...n, position: p } : n;
      }),
      this.#boxes(moved),
      changes,
      frames,
    );
    this.notice = { kind: "info", text: notice };
    this.#recomputeDirty();
    return leaving.length;
  }

  /** Puts the selected nodes into a new group (leaving any group they were in); returns its id. */
  groupSelected(label?: string): string | null {
    const picked = new Set(this.nodes.filter((n) => n.selected).map((n) => n.id));
    if (picked.size === 0) return null;
    this.record();
    const id = crypto.randomUUID();
    const name = label?.trim() || `Group ${this.groups.length + 1}`;
    this.nodes = this.nodes.map((n) =>
      picked.has(n.id)
        ? { ...n, data: { ...n.data, metadata: { ...n.data.metadata, group: { id, label: name } } } }
        : n,
    );
    this.#recomputeDirty();
    return id;
  }

  ungroup(groupId: string): void {
    this.record();
    this.nodes = this.nodes.map((n) => {
      if (groupOf(n)?.id !== groupId) return n;
      const { group: _g, ...metadata } = n.data.metadata;
      return { ...n, data: { ...n.data, metadata } };
    });
    this.#recomputeDirty();
  }

  /** Renames a group (one undo step); a blank name is ignored. */
  renameGroup(groupId: string, label: string): void {
    const current = this.groups.find((g) => g.id === groupId);
    if (!current || !label.trim() || label.trim() === current.label) return;
    this.record();
    this.nodes = renameGroup(this.nodes, groupId, label);
    this.#recomputeDirty();
  }

  /** Sets a group box's size in flow units (a resize drag records one undo step at its start). */
  resizeGroup(groupId: string, size: { width: number; height: number }): void {
    const current = this.groups.find((g) => g.id === groupId);
    if (current) this.nodes = resizeGroup(this.nodes, groupId, size, current.fit);
  }

  /** Selects a group's members (so Delete, Duplicate and dragging apply to all of them). */
  selectGroup(groupId: string): void {
    this.nodes = this.nodes.map((n) => {
      const inGroup = groupOf(n)?.id === groupId;
      return inGroup === !!n.selected ? n : { ...n, selected: inGroup };
    });
  }

  /** Moves a group's members by (dx, dy) in flow coordinates (the drag records one undo step at its start). */
  moveGroup(groupId: string, dx: number, dy: number): void {
    this.nodes = this.nodes.map((n) =>
      groupOf(n)?.id === groupId ? { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } } : n,
    );
  }

  /** After a group drag: unsaved unless back where it was saved. */
  moved(): void {
    this.#recomputeDirty();
  }

  /** Show run state on the nodes (and animate links out of running nodes). */
  applyRun(views: ReadonlyMap<string, NodeRunView> | null): void {
    if (!views && !this.nodes.some((n) => n.data.run)) return;
    this.nodes = this.nodes.map((n) => {
      const run = views?.get(n.id);
      if (!run && !n.data.run) return n;
      const { run: _old, ...data } = n.data;
      return { ...n, data: run ? { ...data, run } : data };
    });
    const running = new Set([...(views ?? [])].filter(([, v]) => v.status === "RUNNING").map(([id]) => id));
    this.edges = this.edges.map((e) =>
      e.animated === running.has(e.source) ? e : { ...e, animated: running.has(e.source) },
    );
  }

  /** Show server errors (`issues`) or warnings on the nodes and pins they concern; null clears them. */
  applyIssues(byNode: Record<string, NodeIssues> | null, kind: "issues" | "warnings" = "issues"): void {
    if (!byNode && !this.nodes.some((n) => n.data[kind])) return;
    this.nodes = this.nodes.map((n) => {
      const found = byNode?.[n.id];
      if (!found && !n.data[kind]) return n;
      const data = { ...n.data };
      if (found) data[kind] = found;
      else delete data[kind];
      return { ...n, data };
    });
  }
}

/** The group a node belongs to (`metadata.group`), if any. */
const groupOf = (n: CanvasNode) => groupOfMeta(n.data.metadata);

/** Estimated handles go: Svelte Flow takes a node's `handles` over the ones it measures. */
function withoutHandles<T extends object>(node: T): T {
  if (!("handles" in node)) return node;
  const { handles: _estimate, ...rest } = node;
  return rest as T;
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function omit<T extends Record<string, unknown>>(obj: T, key: string): T {
  const { [key]: _gone, ...rest } = obj;
  return rest as T;
}

function stripUndefined<T extends object>(obj: T | undefined): Partial<T> {
  if (!obj) return {};
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
