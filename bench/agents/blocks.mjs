// AutoGPT block ids used by the benchmark agents (same UUIDs as the AutoGPT Platform).
export const BLOCK = {
  agentInput: "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b",
  agentOutput: "363ae599-353e-4804-937e-b2ee3cef3da4",
  calculator: "b1ab9b19-67a6-406d-abf5-2dba76d00c79",
  storeValue: "1ff065e9-88e8-4358-9d82-8dc91f622ba9",
  humanInTheLoop: "8b2a7b3c-6e9d-4a5f-8c1b-2e3f4a5b6c7d",
};

/** A node in AutoGPT graph JSON, laid out on a grid so the editor shows something readable. */
export function node(id, blockId, inputDefault, col, row = 0) {
  return { id, block_id: blockId, input_default: inputDefault, metadata: { position: { x: col * 280, y: row * 160 } } };
}

/** A link in AutoGPT graph JSON. */
export function link(sourceId, sourceName, sinkId, sinkName) {
  return { source_id: sourceId, source_name: sourceName, sink_id: sinkId, sink_name: sinkName };
}

/** Calculator "Add" with the left operand linked and the right one fixed. */
export function addNode(id, b, col, row = 0) {
  return node(id, BLOCK.calculator, { operation: "Add", b, round_result: false }, col, row);
}
