// How a parent run waits for its sub-runs (AgentExecutorBlock) durably and at no cost: the child reports
// its final status and outputs to the parent by RPC (`GraphRun.childFinished`, retried by the child's alarm
// until acknowledged), the parent's watchdog alarm asks children that have not reported (a lost report),
// and a parent object evicted while it waits picks the wait up again without counting it as an interrupted
// attempt (the child keeps running in its own object; nothing of the parent's needs to stay in memory).
import type { SubRunResult } from "../blocks/contract";
import { getBlock } from "../blocks/registry";
import type { NodeExec } from "../engine/node-exec";
import type { RunStore } from "./run-store";

type ChildStub = { subRunResult(): Promise<SubRunResult | null> };

/**
 * A RUNNING execution of an AGENT block with a child run on record waits on that child: after a restart it
 * is resumed as it is (the block asks the child again), not retried and never failed as interrupted.
 */
export function waitsOnChild(store: RunStore, exec: NodeExec): boolean {
  return getBlock(exec.blockId)?.blockType === "AGENT" && store.child(exec.id) !== undefined;
}

/**
 * Children without a recorded result that are final by now: their report was lost (or is still being
 * retried). The parent's alarm asks each; a child that cannot be reached is asked again on the next tick.
 */
export async function unreportedResults(
  store: RunStore,
  stubFor: (executionId: string) => ChildStub,
): Promise<{ childExecutionId: string; result: SubRunResult }[]> {
  const pending = store.children().filter((c) => !c.done);
  const answers = await Promise.all(
    pending.map(async ({ childExecutionId }) => {
      try {
        const result = await stubFor(childExecutionId).subRunResult();
        return result ? { childExecutionId, result } : null;
      } catch {
        return null;
      }
    }),
  );
  return answers.filter((a) => a !== null);
}

/** Sub-agents may nest this deep by default; `MAX_SUBRUN_DEPTH` overrides. */
export const DEFAULT_MAX_SUBRUN_DEPTH = 8;

export function subRunDepthLimit(env: { MAX_SUBRUN_DEPTH?: string }): number {
  const n = Number(env.MAX_SUBRUN_DEPTH);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_SUBRUN_DEPTH;
}
