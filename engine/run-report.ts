// What a run reports from its node executions: graph outputs (AutoGPT's GraphExecution.outputs) and stats.
import type { BlockCatalog } from "./block-catalog";
import type { NodeExec } from "./node-exec";

/** AutoGPT's order of node executions in GraphExecution.from_db: by queue time, unqueued last, then creation. */
const byQueueTime = (a: NodeExec, b: NodeExec) =>
  (a.queuedAt ?? Number.POSITIVE_INFINITY) - (b.queuedAt ?? Number.POSITIVE_INFINITY) || a.seq - b.seq;

/**
 * `{name: [values]}` from COMPLETED executions of OUTPUT blocks: their *input* `value` under their
 * input `name`, as AutoGPT builds it (not the Jinja-formatted `output`). Output nodes sharing a name
 * collect into one list, in the order their values arrived.
 */
export function runOutputs(execs: Iterable<NodeExec>, catalog: BlockCatalog): Record<string, unknown[]> {
  const outputs: Record<string, unknown[]> = {};
  const done = [...execs].filter((e) => e.status === "COMPLETED" && catalog(e.blockId)?.blockType === "OUTPUT");
  done.sort(byQueueTime);
  for (const exec of done) {
    const name = exec.input.name;
    if (typeof name !== "string") continue;
    const list = Object.hasOwn(outputs, name) ? outputs[name] : undefined;
    if (list) list.push(exec.input.value);
    else
      Object.defineProperty(outputs, name, {
        value: [exec.input.value],
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return outputs;
}

export type NodeStats = {
  node_exec_count: number;
  node_error_count: number;
  /** Wall time per node id, milliseconds, summed over its executions. */
  node_wall_time: Record<string, number>;
};

export function nodeStats(execs: Iterable<NodeExec>): NodeStats {
  let count = 0;
  let errors = 0;
  const wall: Record<string, number> = {};
  for (const e of execs) {
    if (e.reused || e.startedAt === null) continue;
    count++;
    if (e.status === "FAILED") errors++;
    if (e.endedAt !== null) wall[e.nodeId] = (wall[e.nodeId] ?? 0) + (e.endedAt - e.startedAt);
  }
  return { node_exec_count: count, node_error_count: errors, node_wall_time: wall };
}

/** Output nodes' values as `[name, value]` pairs in the order they completed (what a sub-agent yields). */
export function outputPairs(execs: Iterable<NodeExec>, catalog: BlockCatalog): [string, unknown][] {
  const done = [...execs].filter((e) => e.status === "COMPLETED" && catalog(e.blockId)?.blockType === "OUTPUT");
  done.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0) || a.seq - b.seq);
  return done.flatMap((e) =>
    typeof e.input.name === "string" ? [[e.input.name, e.input.value] as [string, unknown]] : [],
  );
}
