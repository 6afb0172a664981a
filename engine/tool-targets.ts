// SmartDecisionMaker's tools: the nodes its tool pins link to (`tools_^_{node}_~_{field}` or `tools`), one entry
// per node with the linked pins in link order (AutoGPT's _create_tool_node_signatures grouping). Pure.
import { isToolPin } from "../graph/dynamic-pins";
import type { GraphIndex } from "./graph-index";

/** A node linked from a SmartDecisionMaker's tool pins: what the model may call. */
export type ToolTarget = {
  nodeId: string;
  blockId: string;
  blockName: string;
  description: string;
  /** The sink block's input schema (JSON Schema object). */
  inputSchema: Record<string, unknown>;
  /** The node's metadata.customized_name, when set. */
  customizedName?: string;
  /** Sink pin names of the tool links, in link order. */
  fields: string[];
  /** The node's input_default (AgentExecutorBlock keeps the sub-agent's schema there). */
  inputDefault: Record<string, unknown>;
};

/** @example toolTargets(graph, sdmNodeId, (id) => getBlock(id)?.description) */
export function toolTargets(
  graph: GraphIndex,
  nodeId: string,
  describe: (blockId: string) => string | undefined,
): ToolTarget[] {
  const byNode = new Map<string, ToolTarget>();
  for (const link of graph.node(nodeId).outputLinks) {
    if (!isToolPin(link.source_name)) continue;
    let target = byNode.get(link.sink_id);
    if (!target) {
      const sink = graph.node(link.sink_id);
      const customized = sink.metadata.customized_name;
      target = {
        nodeId: sink.id,
        blockId: sink.block_id,
        blockName: sink.info.name,
        description: describe(sink.block_id) ?? sink.info.name,
        inputSchema: sink.info.input,
        ...(typeof customized === "string" && customized ? { customizedName: customized } : {}),
        fields: [],
        inputDefault: sink.input_default,
      };
      byNode.set(link.sink_id, target);
    }
    if (!target.fields.includes(link.sink_name)) target.fields.push(link.sink_name);
  }
  return [...byNode.values()];
}
