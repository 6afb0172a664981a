// Rerun from a node: a new run that reuses an earlier run's results upstream of the node and executes the
// node and everything downstream again (no repeated LLM spend on the unchanged part).
import type { NodeExec } from "./node-exec";
import type { RunEngine } from "./run-engine";

/**
 * Seeds `engine` (a fresh run of the same graph): finished executions outside `fromNodeId`'s descendants
 * are adopted as reused records and their outputs are routed again into the re-executed part; when the
 * node has no upstream outside that part (a starting node), it is queued with the input it ran with.
 * @example seedRerun(engine, previous.executions, "calc-node")
 */
export function seedRerun(engine: RunEngine, previous: readonly NodeExec[], fromNodeId: string): void {
  const index = engine.graph;
  const downstream = index.descendants(fromNodeId);
  const adopted: NodeExec[] = [];
  for (const old of [...previous].sort((a, b) => a.seq - b.seq)) {
    if (downstream.has(old.nodeId) || !index.nodes.has(old.nodeId)) continue;
    if (old.status !== "COMPLETED" && old.status !== "FAILED") continue;
    const { seq: _seq, reused: _reused, ...rest } = old;
    adopted.push(engine.adoptFinished({ ...rest, id: crypto.randomUUID() }));
  }
  const from = index.node(fromNodeId);
  const fedFromOutside = from.inputLinks.some((l) => !downstream.has(l.source_id));
  if (!fedFromOutside || from.info.blockType === "INPUT") {
    const earlier = previous
      .filter((e) => e.nodeId === fromNodeId && e.status !== "INCOMPLETE")
      .sort((a, b) => a.seq - b.seq);
    for (const e of earlier) engine.seedWithInput(fromNodeId, e.input);
  }
  for (const exec of adopted) engine.replayOutputs(exec, downstream);
}
