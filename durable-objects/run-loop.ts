// The run object's loop (the base of GraphRun, which adds the RPCs, the alarm and the sockets): it keeps the run
// and its engine in memory, launches ready nodes' blocks up to the concurrency limit, settles their outcomes,
// commits each step in one transaction and ends the run. What to decide comes from engine/run-rules.ts; this
// file does the I/O.
import { DurableObject } from "cloudflare:workers";
import { blockCatalog } from "../blocks/catalog";
import type { ToolRunResult } from "../blocks/contract";
import { getBlock } from "../blocks/registry";
import { GraphIndex } from "../engine/graph-index";
import type { NodeExec } from "../engine/node-exec";
import { RunEngine } from "../engine/run-engine";
import * as rules from "../engine/run-rules";
import { type ExecutionStatus, isFinal } from "../engine/status";
import { toolTargets } from "../engine/tool-targets";
import type { RunResultView } from "../engine/views";
import type { BaseGraph } from "../graph/schema";
import { IndexSync } from "./index-sync";
import { type Outcome, runNode } from "./node-runner";
import { RunCredentials } from "./run-credentials";
import { deliverRunEndNotice, runEndNotice } from "./run-end-notices";
import { RunEvents } from "./run-events";
import { releaseAfterMs } from "./run-limits";
import { keepAlive, RunRelease } from "./run-release";
import { type RunRow, RunStore } from "./run-store";
import { runResult, runSummary } from "./run-views";
import { SubRunHost } from "./sub-run-host";
import { waitsOnChild } from "./sub-runs";

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class RunLoop extends DurableObject<Env> {
  protected readonly store: RunStore;
  protected run: RunRow | undefined;
  protected engine: RunEngine | undefined;
  /** Executions whose block is running (or waiting out a retry backoff) in this instance. */
  protected readonly inFlight = new Map<string, AbortController>();
  /** Nodes whose block asked for a review during this attempt. */
  private readonly reviewRequested = new Set<string>();
  protected readonly finalWaiters: Array<() => void> = [];
  /** This instance drives the run (set by start, review resume and resume after a restart). */
  protected driving = false;
  /** This instance set the watchdog alarm, so ending the run clears it (a run that never waited has none). */
  protected watchdogArmed = false;
  protected readonly events: RunEvents;
  protected readonly subRuns: SubRunHost;
  protected readonly index: IndexSync;
  /** The run's credentials, sealed, from its start request (run-credentials.ts). */
  protected readonly credentials = new RunCredentials();
  /** Lets a finished run's object go once nothing needs it (run-release.ts). */
  readonly release: RunRelease;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RunStore(ctx.storage);
    this.release = new RunRelease(
      ctx,
      () => this.releasable(),
      () => releaseAfterMs(this.env),
    );
    // SQLite reads are synchronous, so the run is loaded right here: no blockConcurrencyWhile turn before the
    // first call (a new run object is created for every run).
    if (this.store.exists()) {
      this.store.migrate();
      this.run = this.store.loadRun();
    }
    this.events = new RunEvents(env, ctx, this.store, () => this.run);
    this.subRuns = new SubRunHost(env, ctx, this.store);
    this.index = new IndexSync(
      env,
      ctx,
      () => this.run,
      (run) => runSummary(run, this.execs()),
    );
  }

  /** The run's node executions (from memory when the engine is loaded; no engine is built for a read). */
  protected execs(): readonly NodeExec[] {
    return this.engine ? [...this.engine.all()] : this.store.loadNodeExecs();
  }

  protected resultOf(run: RunRow): RunResultView {
    return runResult(run, this.execs());
  }

  protected loadEngine(): RunEngine {
    if (this.engine) return this.engine;
    const run = this.run;
    if (!run) throw new Error("No run in this object");
    const index = GraphIndex.build(run.graph as Pick<BaseGraph, "nodes" | "links">, blockCatalog);
    this.engine = new RunEngine(index, this.store.loadNodeExecs());
    return this.engine;
  }

  /**
   * In a fresh instance (after an eviction or a restart) picks a RUNNING run up again: executions that were
   * RUNNING are started once more and marked as a retry (or failed if they already were retried).
   */
  protected ensureDriving(): void {
    const run = this.run;
    if (run?.status !== "RUNNING" || this.driving) return;
    this.driving = true;
    const engine = this.loadEngine();
    const relaunch: NodeExec[] = [];
    for (const exec of engine.withStatus("RUNNING")) {
      const policy = rules.retryPolicy(engine.graph.node(exec.nodeId).metadata);
      const next = rules.afterRestart(exec.retry, policy, waitsOnChild(this.store, exec));
      if (next === "fail")
        engine.failStuck(exec, "Interrupted again after a retry (the run's Durable Object restarted)");
      else {
        if (next === "retry") engine.restart(exec);
        relaunch.push(exec);
      }
    }
    run.lastProgressAt = Date.now();
    this.armWatchdog();
    this.commit(false);
    for (const exec of relaunch) this.launch(exec);
    this.pump();
  }

  /** Starts queued executions up to the concurrency limit, commits the step, and finishes a quiet run. */
  protected pump(): void {
    const run = this.run;
    if (run?.status !== "RUNNING") return;
    const engine = this.loadEngine();
    const started: NodeExec[] = [];
    while (this.inFlight.size + started.length < run.options.concurrency && engine.queuedCount > 0) {
      const guard = rules.loopGuardFailure(engine.startedCount, run.options.maxNodeExecutions);
      if (guard) {
        this.failRun(guard);
        return;
      }
      const exec = engine.startNext();
      if (!exec) break;
      started.push(exec);
    }
    const quiet = rules.quietRunStatus({
      inFlight: this.inFlight.size,
      started: started.length,
      queued: engine.queuedCount,
      inReview: () => engine.withStatus("REVIEW").length > 0,
    });
    if (quiet) {
      this.endRun(quiet, null);
      return;
    }
    // In-memory blocks finish in this event-loop turn, and everything written in one turn commits as one: the
    // step is written with their results (one write per node, not RUNNING first). Any other block may do I/O,
    // so the step is committed before it starts (node-runner's own R2 access commits first, via beforeIo).
    const allInMemory = started.length > 0 && started.every((e) => getBlock(e.blockId)?.inMemory === true);
    if (!allInMemory) {
      this.armWatchdog();
      this.commit(false);
    }
    for (const exec of started) this.launch(exec);
  }

  private launch(exec: NodeExec): void {
    const controller = new AbortController();
    this.inFlight.set(exec.id, controller);
    this.execute(exec, controller)
      .catch((err): Outcome => ({ kind: "done", outputs: [], error: `Engine error: ${messageOf(err)}` }))
      .then((outcome) => this.settle(exec, controller, outcome));
  }

  private settle(exec: NodeExec, controller: AbortController, outcome: Outcome): void {
    if (this.inFlight.get(exec.id) !== controller) return; // cancelled, failed or restarted meanwhile
    const run = this.run;
    const engine = this.engine;
    if (!run || !engine || run.status !== "RUNNING" || exec.status !== "RUNNING") {
      this.inFlight.delete(exec.id);
      return;
    }
    run.lastProgressAt = Date.now();
    if (outcome.kind === "retry") {
      // Stays in flight while it waits, so the run is not taken for finished; the turn ends here, so commit.
      this.armWatchdog();
      this.commit(false);
      setTimeout(() => {
        if (this.inFlight.get(exec.id) !== controller || exec.status !== "RUNNING") return;
        engine.restart(exec);
        // A retry starting is progress: the wait and the new attempt are not one silence to the stall watchdog.
        run.lastProgressAt = Date.now();
        this.commit(false);
        this.inFlight.delete(exec.id);
        this.launch(exec);
      }, outcome.delayMs);
      return;
    }
    this.inFlight.delete(exec.id);
    if (outcome.kind === "review") engine.pauseForReview(exec);
    else if (outcome.kind === "done") engine.finish(exec, outcome.outputs, outcome.error);
    this.pump();
  }

  private execute(exec: NodeExec, controller: AbortController): Promise<Outcome> {
    const run = this.run as RunRow;
    const engine = this.engine as RunEngine;
    // The live text's last frame, held back by its throttle, goes out while the node still runs (an ended node's
    // text is no longer published), so before the node's completion event.
    return runNode({
      env: this.env,
      run,
      node: engine.graph.node(exec.nodeId),
      exec,
      controller,
      onBlob: (key) => this.store.recordBlob(key),
      services: {
        review: (request) => this.requestReview(exec, request),
        runGraph: (request) => this.subRuns.run(run, exec, request, this.credentials, controller.signal),
        tools: () => toolTargets(engine.graph, exec.nodeId, (id) => getBlock(id)?.description),
        runTool: (nodeId, input) => this.runToolNode(nodeId, input, controller.signal),
      },
      onText: (text) => this.events.liveText.push(exec, text),
      textListening: () => this.events.liveText.listening(),
      readCredential: (id) => this.credentials.read(this.env, run.ownerId, id),
      reviewRequested: () => this.reviewRequested.delete(exec.id),
      beforeIo: () => {
        if (this.run?.status !== "RUNNING") return;
        this.armWatchdog();
        this.commit(false);
      },
    }).finally(() => this.events.liveText.flush(exec));
  }

  private async requestReview(exec: NodeExec, request: { data: unknown; name: string; editable: boolean }) {
    const existing = this.store.review(exec.id);
    if (existing && existing.status !== "WAITING") {
      return { approved: existing.status === "APPROVED", data: existing.reviewedData, message: existing.message ?? "" };
    }
    if (!existing)
      this.store.insertReview({ nodeExecId: exec.id, nodeId: exec.nodeId, ...request, createdAt: Date.now() });
    this.reviewRequested.add(exec.id);
    return undefined;
  }

  /**
   * SmartDecisionMaker's agent mode: runs a tool node as an execution of this run (recorded, shown live, its outputs
   * routed as any node's) and answers with what it produced. Runs beside the caller, outside the concurrency queue.
   */
  private async runToolNode(
    nodeId: string,
    input: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ToolRunResult> {
    const engine = this.loadEngine();
    const started = engine.startDirect(nodeId, input);
    if (!("id" in started)) {
      return { outputs: [], error: started.error ?? `Missing required inputs: ${started.missing.join(", ")}` };
    }
    const exec = started;
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    this.inFlight.set(exec.id, controller);
    this.commit(false);
    let outcome: Outcome;
    try {
      outcome = await this.execute(exec, controller);
    } catch (err) {
      outcome = { kind: "done", outputs: [], error: `Engine error: ${messageOf(err)}` };
    } finally {
      signal.removeEventListener("abort", abort);
    }
    if (this.inFlight.get(exec.id) !== controller || exec.status !== "RUNNING") throw new Error("Run cancelled");
    this.inFlight.delete(exec.id);
    const outputs = outcome.kind === "done" ? outcome.outputs : [];
    const error =
      outcome.kind === "done" ? (outcome.error ?? null) : outcome.kind === "retry" ? outcome.error : "Tool paused";
    engine.finish(exec, outputs, error ?? undefined);
    if (this.run) this.run.lastProgressAt = Date.now();
    this.commit(false);
    return { outputs: outputs.filter(([pin]) => pin !== "error"), error };
  }

  // ---- committing and ending ------------------------------------------------------------------------------

  /** One transaction: every changed execution and the run row. Then events go out. */
  protected commit(statusChanged: boolean): void {
    this.store.transaction(() => this.commitInTransaction(statusChanged));
  }

  protected commitInTransaction(statusChanged: boolean): void {
    const run = this.run as RunRow;
    const changed = this.engine?.takeChanges() ?? [];
    this.store.saveNodeExecs(changed);
    this.events.committed(
      run,
      changed,
      statusChanged,
      () => this.resultOf(run),
      () => this.store.updateRun(run, statusChanged),
    );
  }

  protected endRun(status: ExecutionStatus, error: string | null): void {
    const run = this.run as RunRow;
    run.status = rules.runTransition(run.status, status, run.executionId);
    run.error = error;
    if (isFinal(status)) run.endedAt = Date.now();
    run.lastProgressAt = Date.now();
    this.commit(true);
    // The notification's statements ride in the index row's batch; its delivery follows that write.
    const notice = runEndNotice(this.env.DB, run, runSummary(run, this.execs()));
    const indexed = this.index.sync(notice ?? undefined);
    if (notice)
      keepAlive(
        this.ctx,
        indexed.then(() => deliverRunEndNotice(this.env, run, notice)),
      );
    // Nothing ticks while a run waits for a reviewer (the object can hibernate) or once it is over; a
    // failed index write or parent callback re-arms the alarm for itself.
    if (this.watchdogArmed) {
      this.watchdogArmed = false;
      this.ctx.storage.deleteAlarm();
    }
    if (isFinal(status) || status === "REVIEW") {
      for (const wake of this.finalWaiters.splice(0)) wake();
    }
    if (isFinal(status) && run.parent) this.subRuns.notifyParent(run, this.execs());
    if (isFinal(status)) this.release.schedule();
  }

  /** Nothing of a finished run needs this instance: its row is in D1, its parent told, nobody listens or waits. */
  private releasable(): boolean {
    const run = this.run;
    return (
      run !== undefined &&
      isFinal(run.status) &&
      !run.indexDirty &&
      this.inFlight.size === 0 &&
      this.finalWaiters.length === 0 &&
      !this.events.sockets.listening &&
      (!run.parent || this.store.getMeta("parent_notified") === "1")
    );
  }

  /** Sets the watchdog alarm once per instance's stretch of running (not awaited: the output gate covers it). */
  protected armWatchdog(): void {
    if (this.watchdogArmed) return;
    this.watchdogArmed = true;
    void this.ctx.storage.setAlarm(Date.now() + rules.WATCHDOG_TICK_MS);
  }

  /** Stops every block in flight and terminates what has not run. */
  protected abortAll(reason: string): void {
    const engine = this.loadEngine();
    for (const controller of this.inFlight.values()) controller.abort(new Error(reason));
    this.inFlight.clear();
    engine.terminateAll();
  }

  protected failRun(reason: string): void {
    this.abortAll(reason);
    this.endRun("FAILED", reason);
  }
}
