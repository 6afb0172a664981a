import type { Usage } from "../api/schemas";
// The editor's canvas model: Svelte Flow nodes and edges carrying the AutoGPT node/link fields.
// Declared structurally (not imported from @xyflow/svelte) so pure logic and its tests need no DOM library.

/** Run state shown on a node during and after a run (not saved with the graph). */
export type NodeRunView = {
  status: string;
  executions: number;
  output?: Record<string, unknown>;
  error?: string;
  /** Model tokens and cost summed over the node's executions. */
  usage?: Usage;
  /** The text its running AI block has generated so far. */
  liveText?: string;
};

/** Validation problems the API reported for a node (not saved with the graph). */
export type NodeIssues = { messages: string[]; pins: Record<string, string> };

export type BlockNodeData = {
  blockId: string;
  /** The node's constant inputs (`input_default`). */
  inputs: Record<string, unknown>;
  /** `metadata.customized_name`. */
  title?: string;
  /** Dynamic dictionary pins shown on the card (`values_#_name`). */
  dynamicPins: string[];
  /** Other metadata, kept so a save round-trips what AutoGPT (or another tool) wrote. */
  metadata: Record<string, unknown>;
  run?: NodeRunView;
  /** Errors the server refused a save for. */
  issues?: NodeIssues;
  /** Warnings the server reported on the saved graph (e.g. a required input with no value and no link). */
  warnings?: NodeIssues;
};

export type FlowNode = {
  id: string;
  type?: string;
  position: { x: number; y: number };
  data: BlockNodeData;
  selected?: boolean;
  /** Set by resizing (notes). */
  width?: number;
  height?: number;
};

export type FlowEdge = {
  id: string;
  source: string;
  target: string;
  /** The source pin name (Svelte Flow's handle id). */
  sourceHandle?: string | null;
  /** The sink pin name. */
  targetHandle?: string | null;
  data?: { isStatic: boolean };
  selected?: boolean;
};
