// A run's side of its sub-runs (AgentExecutorBlock): starting a child run in its own object, waiting for its
// report without holding anything open (sub-runs.ts has the durable rules), and, for a run that is itself a
// child, reporting its end to the parent.

import { blockCatalog } from "../blocks/catalog";
import type { SubRunResult } from "../blocks/contract";
import type { NodeExec } from "../engine/node-exec";
import { nodeStats, outputPairs } from "../engine/run-report";
import { isFinal } from "../engine/status";
import { usageTotals } from "../engine/usage";
import { loadOwnedGraph } from "./graph-source";
import type { RunCredentials } from "./run-credentials";
import { keepAlive } from "./run-release";
import type { RunRow, RunStore } from "./run-store";
import { type GraphRunRpc, graphRunStub } from "./stubs";
import { subRunDepthLimit } from "./sub-runs";

export type SubRunRequest = { graphId: string; graphVersion?: number; inputs: Record<string, unknown> };

export class SubRunHost {
  private readonly waiters = new Map<string, (result: SubRunResult) => void>();

  constructor(
    private readonly env: Env,
    private readonly ctx: DurableObjectState,
    private readonly store: RunStore,
  ) {}

  /** A node of this run waits on a child's report. */
  get waiting(): boolean {
    return this.waiters.size > 0;
  }

  /** Runs a sub-agent for `exec` (once: a resumed wait reuses the child on record) and answers with its result. */
  async run(
    run: RunRow,
    exec: NodeExec,
    request: SubRunRequest,
    credentials: RunCredentials,
    signal: AbortSignal,
  ): Promise<SubRunResult> {
    const maxDepth = subRunDepthLimit(this.env);
    if (run.depth + 1 > maxDepth) throw new Error(`Sub-agent depth limit (${maxDepth}) reached`);
    const known = this.store.child(exec.id);
    if (known?.result) return spentBy(exec, known.result as SubRunResult);
    const childId = known?.childExecutionId ?? crypto.randomUUID();
    const child = await loadOwnedGraph(this.env.DB, run.ownerId, request.graphId, request.graphVersion);
    if (!child) throw new Error(`Sub-agent graph ${request.graphId} not found`);
    const result = new Promise<SubRunResult>((resolve, reject) => {
      this.waiters.set(childId, resolve);
      signal.addEventListener("abort", () => reject(new Error("Run cancelled")), { once: true });
    });
    if (!known) this.store.recordChild(exec.id, childId);
    const stub = graphRunStub(this.env, childId);
    const started = await stub.start({
      executionId: childId,
      ownerId: run.ownerId,
      graphId: child.id,
      graphVersion: child.version,
      graph: credentials.inheritInto(child.graph),
      inputs: request.inputs,
      parent: { executionId: run.executionId, nodeExecId: exec.id },
      depth: run.depth + 1,
      options: { announceToOwner: run.options.announceToOwner },
      credentials: credentials.rows(),
    });
    if (!started.ok) {
      this.waiters.delete(childId);
      throw new Error(
        `Sub-agent cannot start: ${started.errors.map((e) => `${e.node_id}.${e.pin}: ${e.message}`).join("; ")}`,
      );
    }
    let finished: SubRunResult | null = null;
    if (isFinal(started.status)) finished = await stub.subRunResult();
    if (finished) this.waiters.delete(childId);
    else finished = await result;
    // The child's steps count in this run's stats, as AutoGPT's merge_stats; its spend is its node's (spentBy).
    run.extraSteps += finished.nodeExecCount;
    return spentBy(exec, finished);
  }

  /** A child's report arrived: recorded, and its waiting node (if this instance has it) resumes. */
  childFinished(childExecutionId: string, result: SubRunResult): void {
    this.store.childResult(childExecutionId, result);
    const waiter = this.waiters.get(childExecutionId);
    this.waiters.delete(childExecutionId);
    waiter?.(result);
  }

  /** Tells the parent run this sub-run is final; retried by the alarm until it is heard. */
  notifyParent(run: RunRow, execs: readonly NodeExec[]): void {
    const parent = run.parent;
    if (!parent) return;
    const told = graphRunStub(this.env, parent.executionId)
      .childFinished(run.executionId, subResult(run, execs))
      .then(() => this.store.setMeta("parent_notified", "1"))
      .catch(() => this.ctx.storage.setAlarm(Date.now() + 5_000));
    keepAlive(this.ctx, told);
  }

  /** Cancels (or deletes) this run's children. */
  async eachChild(what: (stub: GraphRunRpc) => Promise<unknown>, unfinishedOnly: boolean): Promise<void> {
    const children = this.store.children().filter((c) => !unfinishedOnly || !c.done);
    await Promise.all(children.map((c) => what(graphRunStub(this.env, c.childExecutionId))));
  }
}

/**
 * The sub-run's model spend (tokens, calls, cost) as the stats of the AgentExecutor execution that ran it: the
 * parent's totals, analytics and the node's own usage label then include it, as they include any AI node's.
 * Before this, only the cost was carried (in the run's extra_cost, still summed for runs stored then).
 */
function spentBy(exec: NodeExec, result: SubRunResult): SubRunResult {
  const usage = result.usage ?? { input_token_count: 0, output_token_count: 0, llm_call_count: 0, cost: result.cost };
  exec.stats = { ...usage, model: null };
  return result;
}

/** What a parent learns of a final sub-run. */
export function subResult(run: RunRow, execs: readonly NodeExec[]): SubRunResult {
  const stats = nodeStats(execs);
  const usage = usageTotals(execs);
  usage.cost += run.extraCost;
  return {
    executionId: run.executionId,
    status: run.status as SubRunResult["status"],
    outputs: outputPairs([...execs], blockCatalog),
    error: run.error,
    cost: usage.cost,
    usage,
    nodeExecCount: stats.node_exec_count + run.extraSteps,
  };
}
