// One graph execution = one Durable Object (named by the execution id). A thin shell around the engine
// core: it stores the run in its SQLite, runs ready nodes' blocks concurrently, commits each step in one
// transaction, keeps an alarm as watchdog (which also resumes the run after an eviction), answers the
// API's RPCs (start, read, wait, cancel, review, delete) and pushes events to subscribers.
import { DurableObject } from "cloudflare:workers";
import type { SubRunResult, ToolRunResult } from "../blocks/contract";
import { engineCatalog, lookupBlock } from "../engine/block-lookup";
import { GraphIndex, UnknownBlockError } from "../engine/graph-index";
import type { NodeExec } from "../engine/node-exec";
import { seedRerun } from "../engine/rerun";
import { RunEngine, type StartError } from "../engine/run-engine";
import { nodeStats, outputPairs } from "../engine/run-report";
import { type ExecutionStatus, isFinal } from "../engine/status";
import { toolTargets } from "../engine/tool-targets";
import { usageTotals } from "../engine/usage";
import { nodeExecutionView, type RunResultView, type RunSummaryView, type RunView } from "../engine/views";
import type { BaseGraph } from "../graph/schema";
import { runPrefix } from "./block-context";
import { EventOutbox } from "./event-outbox";
import { loadOwnedGraph } from "./graph-source";
import { resolveOutputRefs } from "./large-values";
import { LiveText } from "./live-text";
import { type Outcome, retryPolicy, runNode } from "./node-runner";
import { RunCredentials } from "./run-credentials";
import { announceRunEnd } from "./run-end-notices";
import { writeIndexRow } from "./run-index";
import { RunSockets } from "./run-sockets";
import { type ParentRef, type ReviewRow, type RunOptions, type RunRow, RunStore } from "./run-store";
import { type ReviewView, reviewView, runResult, runSummary, runView } from "./run-views";
import { DEFAULT_MAX_SUBRUN_DEPTH, subRunDepthLimit, unreportedResults, waitsOnChild } from "./sub-runs";
import type { SealedCredentialRow } from "./vault-read";
import { budgetedView, budgetNodeValues, VIEW_BUDGET_BYTES } from "./view-budget";

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  concurrency: 16,
  maxNodeExecutions: 10_000,
  runTimeoutMs: 60 * 60 * 1000,
  stallMs: 10 * 60 * 1000,
  announceToOwner: true,
};
/** How often the watchdog alarm looks at a running run. */
const WATCHDOG_TICK_MS = 30_000;
/** How long a run may finish before its start is announced (event and D1 index row). */
const START_ANNOUNCE_DELAY_MS = 50;
/** Sub-agents may nest this deep unless `MAX_SUBRUN_DEPTH` says otherwise. */
export const MAX_SUBRUN_DEPTH = DEFAULT_MAX_SUBRUN_DEPTH;

export type StartRequest = {
  executionId: string;
  ownerId: string;
  graphId: string;
  graphVersion: number;
  graph: Pick<BaseGraph, "nodes" | "links">;
  inputs: Record<string, unknown>;
  parent?: ParentRef | null;
  depth?: number;
  idempotencyKey?: string | null;
  options?: Partial<RunOptions>;
  /** Rerun from a node: finished executions of an earlier run to reuse instead of executing. */
  reuse?: { executions: NodeExec[]; fromNodeId: string };
  /** Synchronous execute: wait up to this long for the run to finish and answer with it (one round trip). */
  waitMs?: number;
  /** The credentials the nodes name, sealed, as the Worker read them for the owner (run-credentials.ts). */
  credentials?: SealedCredentialRow[];
};

export type StartResponse =
  | { ok: true; executionId: string; status: ExecutionStatus; created: boolean; run?: RunResultView }
  | { ok: false; errors: StartError[] };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class GraphRun extends DurableObject<Env> {
  private readonly store: RunStore;
  private run: RunRow | undefined;
  private engine: RunEngine | undefined;
  /** Executions whose block is running (or waiting out a retry backoff) in this instance. */
  private readonly inFlight = new Map<string, AbortController>();
  /** Nodes whose block asked for a review during this attempt. */
  private readonly reviewRequested = new Set<string>();
  private readonly finalWaiters: Array<() => void> = [];
  private readonly childWaiters = new Map<string, (result: SubRunResult) => void>();
  /** Event hubs (one per user) subscribed to this run's node events. */
  private hubs: string[] = [];
  /** This instance drives the run (set by start, review resume and resume after a restart). */
  private driving = false;
  /** A run-level event went out since this instance started the run. */
  private statusAnnounced = false;
  /** This instance set the watchdog alarm, so ending the run clears it (a run that never waited has none). */
  private watchdogArmed = false;
  private indexChain: Promise<void> = Promise.resolve();
  private readonly outbox: EventOutbox;
  /** The run's own WebSockets (run-sockets.ts). */
  private readonly sockets: RunSockets;
  /** The run's credentials, sealed, from its start request (run-credentials.ts). */
  private readonly credentials = new RunCredentials();
  /** Live text of AI nodes for whoever watches (live-text.ts). */
  private readonly liveText = new LiveText({
    run: () => this.run,
    hubs: () => this.hubs,
    outbox: () => this.outbox,
    sockets: () => this.sockets,
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RunStore(ctx.storage);
    this.outbox = new EventOutbox(env, ctx);
    // SQLite reads are synchronous, so the run is loaded right here: no blockConcurrencyWhile turn before the
    // first call (a new run object is created for every run).
    if (this.store.exists()) {
      this.store.migrate();
      this.run = this.store.loadRun();
      this.hubs = this.run === undefined ? [] : this.store.subscribers();
    }
    this.sockets = new RunSockets(ctx, this.run !== undefined);
  }

  // ---- the run's own WebSockets (GET /api/v1/executions/:id/ws, forwarded by the Worker) -------------

  override async fetch(request: Request): Promise<Response> {
    const run = this.run;
    if (run) this.ensureDriving();
    return this.sockets.connect(request, run, () => this.buildApiView(run as RunRow));
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.sockets.message(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.sockets.closed(ws, code, reason);
  }

  override async webSocketError(): Promise<void> {}

  // ---- RPC: starting -------------------------------------------------------------------------------

  /**
   * Records the run durably and starts it. Idempotent: a second call for the same execution answers with
   * the existing run. Nodes that cannot start are reported (nothing is stored then).
   */
  async start(req: StartRequest): Promise<StartResponse> {
    const started = await this.startRun(req);
    if (!started.ok || !req.waitMs || !this.run) return started;
    const run = await this.awaitFinal(req.ownerId, req.waitMs);
    return run && isFinal(run.status) ? { ...started, status: run.status, run } : started;
  }

  private async startRun(req: StartRequest): Promise<StartResponse> {
    if (this.run) return { ok: true, executionId: this.run.executionId, status: this.run.status, created: false };
    let index: GraphIndex;
    try {
      index = GraphIndex.build(req.graph, engineCatalog);
    } catch (err) {
      if (err instanceof UnknownBlockError)
        return { ok: false, errors: [{ node_id: err.nodeId, pin: "block_id", message: err.message }] };
      throw err;
    }
    const engine = new RunEngine(index);
    this.credentials.seed(req.credentials);
    if (req.reuse) seedRerun(engine, req.reuse.executions, req.reuse.fromNodeId);
    else {
      const errors = engine.start(req.inputs);
      if (errors.length > 0) return { ok: false, errors };
    }
    this.store.migrate();
    const now = Date.now();
    const run: RunRow = {
      executionId: req.executionId,
      ownerId: req.ownerId,
      graphId: req.graphId,
      graphVersion: req.graphVersion,
      graph: req.graph,
      inputs: req.inputs,
      status: "RUNNING",
      error: null,
      parent: req.parent ?? null,
      depth: req.depth ?? 0,
      options: { ...DEFAULT_RUN_OPTIONS, ...req.options },
      createdAt: now,
      startedAt: now,
      endedAt: null,
      lastProgressAt: now,
      extraCost: 0,
      extraSteps: 0,
      indexDirty: true,
      idempotencyKey: req.idempotencyKey ?? null,
      eventSeq: 0,
    };
    this.store.transaction(() => {
      this.store.insertRun(run);
      this.store.saveNodeExecs(engine.takeChanges());
    });
    this.run = run;
    this.engine = engine;
    this.driving = true;
    // No alarm yet: a run of in-memory blocks ends in this very turn, and this turn's writes commit together
    // (all or nothing), so it needs no watchdog. The alarm is armed in the turn the run first waits on
    // anything (a block's I/O, a retry's delay): before that turn's writes can commit.
    // A short run ends before anyone needs to hear it started: its RUNNING event and index row are sent
    // only if it is still running a moment later (then its final ones follow as usual).
    setTimeout(() => {
      if (this.run !== run || run.status !== "RUNNING" || this.statusAnnounced) return;
      this.publishRun(run);
      this.syncIndex();
    }, START_ANNOUNCE_DELAY_MS);
    this.pump();
    return { ok: true, executionId: run.executionId, status: this.run.status, created: true };
  }

  // ---- RPC: reading ----------------------------------------------------------------------------------

  /** The run as the API shows it, or null when it does not exist or belongs to someone else. */
  async view(ownerId: string): Promise<RunView | null> {
    const run = this.run;
    if (!run || run.ownerId !== ownerId) return null;
    this.ensureDriving();
    return this.buildApiView(run);
  }

  /** Waits (without polling) until the run is final or `timeoutMs` passed; then answers with its result. */
  async awaitFinal(ownerId: string, timeoutMs: number): Promise<RunResultView | null> {
    const run = this.run;
    if (!run || run.ownerId !== ownerId) return null;
    this.ensureDriving();
    if (run.status === "RUNNING") {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, Math.min(timeoutMs, 60_000)));
        this.finalWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.buildApiResult(run);
  }

  /** The run's raw executions (for a rerun in another run's object). */
  async executionsForRerun(ownerId: string): Promise<{
    graph: unknown;
    graphId: string;
    graphVersion: number;
    inputs: Record<string, unknown>;
    executions: NodeExec[];
  } | null> {
    const run = this.run;
    if (!run || run.ownerId !== ownerId) return null;
    return {
      graph: run.graph,
      graphId: run.graphId,
      graphVersion: run.graphVersion,
      inputs: run.inputs,
      executions: [...this.loadEngine().all()],
    };
  }

  /**
   * A user's event hub subscribes to this run: from now on every committed change is pushed to it.
   * Returns the snapshot and the number of the last event it reflects; null when not the owner's.
   */
  async subscribe(ownerId: string, hubId: string): Promise<{ run: RunView; seq: number } | null> {
    const run = this.run;
    if (!run || run.ownerId !== ownerId) return null;
    this.ensureDriving();
    this.store.addSubscriber(hubId);
    this.hubs = this.store.subscribers();
    return { run: budgetNodeValues(this.buildView(run), VIEW_BUDGET_BYTES).view, seq: run.eventSeq };
  }

  // ---- RPC: cancel, review, delete -----------------------------------------------------------------------

  /** Cancels the run and its sub-runs; resolves once everything is final. Null when not the owner's. */
  async cancel(ownerId: string): Promise<RunView | null> {
    const run = this.run;
    if (!run || run.ownerId !== ownerId) return null;
    if (!isFinal(run.status)) {
      const engine = this.loadEngine();
      for (const controller of this.inFlight.values()) controller.abort(new Error("Run cancelled"));
      this.inFlight.clear();
      engine.terminateAll();
      this.endRun("TERMINATED", null);
      await Promise.all(
        this.store
          .children()
          .filter((c) => !c.done)
          .map((c) => this.runStub(c.childExecutionId).cancel(ownerId)),
      );
    }
    return budgetNodeValues(this.buildView(run), VIEW_BUDGET_BYTES).view;
  }

  async reviews(ownerId: string): Promise<ReviewView[] | null> {
    if (!this.run || this.run.ownerId !== ownerId) return null;
    return this.store.reviews().map(reviewView);
  }

  /**
   * Records a reviewer's decision and resumes the paused node. Errors: "not_found" (no such pending
   * review for this owner) or "conflict" (already decided).
   */
  async review(
    ownerId: string,
    nodeExecId: string,
    decision: { approved: boolean; data?: unknown; message?: string },
  ): Promise<{ ok: true; review: ReviewView } | { ok: false; error: "not_found" | "conflict" }> {
    const run = this.run;
    if (!run || run.ownerId !== ownerId) return { ok: false, error: "not_found" };
    const pending = this.store.review(nodeExecId);
    if (!pending) return { ok: false, error: "not_found" };
    this.ensureDriving();
    const engine = this.loadEngine();
    const exec = engine.get(nodeExecId);
    if (pending.status !== "WAITING" || !exec || exec.status !== "REVIEW" || isFinal(run.status))
      return { ok: false, error: "conflict" };
    const data = decision.data !== undefined && pending.editable ? decision.data : pending.data;
    engine.resumeReviewed(exec);
    const wasReview = run.status === "REVIEW";
    if (wasReview) {
      run.status = "RUNNING";
      // A run paused in REVIEW had nothing in flight, so this instance can take over as it is.
      this.driving = true;
    }
    run.lastProgressAt = Date.now();
    this.store.transaction(() => {
      this.store.decideReview(nodeExecId, decision.approved, data, decision.message ?? null, Date.now());
      this.commitInTransaction(wasReview);
    });
    if (wasReview) {
      this.armWatchdog();
      this.syncIndex();
    }
    this.pump();
    return { ok: true, review: reviewView(this.store.review(nodeExecId) as ReviewRow) };
  }

  /** Cancels if needed, then removes the run's storage, R2 objects and index row. */
  async destroy(ownerId: string): Promise<boolean> {
    const run = this.run;
    if (!run || run.ownerId !== ownerId) return false;
    await this.cancel(ownerId);
    const children = this.store.children();
    await Promise.all(children.map((c) => this.runStub(c.childExecutionId).destroy(ownerId)));
    const keys = this.store.blobs();
    for (let i = 0; i < keys.length; i += 1000) await this.env.FILES.delete(keys.slice(i, i + 1000));
    const prefix = runPrefix(run.ownerId, run.executionId);
    const listed = await this.env.FILES.list({ prefix });
    if (listed.objects.length > 0) await this.env.FILES.delete(listed.objects.map((o) => o.key));
    await this.indexChain;
    await this.env.DB.prepare("DELETE FROM executions WHERE id = ? AND owner_id = ?")
      .bind(run.executionId, run.ownerId)
      .run();
    await this.ctx.storage.deleteAlarm();
    await this.store.deleteAll();
    this.run = undefined;
    this.engine = undefined;
    this.driving = false;
    this.hubs = [];
    this.sockets.closeAll("Run deleted");
    return true;
  }

  // ---- RPC: sub-runs --------------------------------------------------------------------------------

  /** A child run calls this when it is final; the waiting AgentExecutor node resumes. */
  async childFinished(childExecutionId: string, result: SubRunResult): Promise<void> {
    this.store.childResult(childExecutionId, result);
    const waiter = this.childWaiters.get(childExecutionId);
    this.childWaiters.delete(childExecutionId);
    waiter?.(result);
    this.ensureDriving();
  }

  /** The result a parent needs from this run once it is final. */
  async subRunResult(): Promise<SubRunResult | null> {
    const run = this.run;
    if (!run || !isFinal(run.status)) return null;
    return this.subResult(run);
  }

  // ---- alarm: watchdog and resume ----------------------------------------------------------------------

  override async alarm(): Promise<void> {
    const run = this.run;
    if (!run) return;
    const now = Date.now();
    if (isFinal(run.status) && run.parent && this.store.getMeta("parent_notified") !== "1") this.notifyParent(run);
    if (run.status === "RUNNING") {
      const driving = this.driving;
      this.ensureDriving();
      if (driving && now - run.createdAt > run.options.runTimeoutMs) {
        this.failRun(`Run timeout: exceeded ${Math.round(run.options.runTimeoutMs / 1000)} s`);
      } else if (
        driving &&
        this.inFlight.size > 0 &&
        now - run.lastProgressAt > run.options.stallMs &&
        !this.waitingOnChildren()
      ) {
        this.failRun(`Watchdog: no progress for ${Math.round((now - run.lastProgressAt) / 1000)} s`);
      }
      // Sub-runs that ended without their report reaching this run.
      for (const { childExecutionId, result } of await unreportedResults(this.store, (id) => this.runStub(id)))
        await this.childFinished(childExecutionId, result);
    }
    if (run.indexDirty) await this.syncIndex();
    if (run.status === "RUNNING") {
      this.watchdogArmed = true;
      await this.ctx.storage.setAlarm(Date.now() + WATCHDOG_TICK_MS);
    } else if (run.indexDirty) await this.ctx.storage.setAlarm(Date.now() + 5_000);
  }

  // ---- the loop ---------------------------------------------------------------------------------------

  private loadEngine(): RunEngine {
    if (this.engine) return this.engine;
    const run = this.run;
    if (!run) throw new Error("No run in this object");
    const index = GraphIndex.build(run.graph as Pick<BaseGraph, "nodes" | "links">, engineCatalog);
    this.engine = new RunEngine(index, this.store.loadNodeExecs());
    return this.engine;
  }

  /**
   * In a fresh instance (after an eviction or a restart) picks a RUNNING run up again: executions that
   * were RUNNING are started once more and marked as a retry (or failed if they already were retried).
   */
  private ensureDriving(): void {
    const run = this.run;
    if (run?.status !== "RUNNING" || this.driving) return;
    this.driving = true;
    const engine = this.loadEngine();
    const relaunch: NodeExec[] = [];
    for (const exec of engine.withStatus("RUNNING")) {
      if (waitsOnChild(this.store, exec)) {
        relaunch.push(exec); // a durable wait on a sub-run, not an interrupted attempt
        continue;
      }
      const policy = retryPolicy(engine.graph.node(exec.nodeId).metadata);
      if (exec.retry > policy.count)
        engine.failStuck(exec, "Interrupted again after a retry (the run's Durable Object restarted)");
      else {
        engine.restart(exec);
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
  private pump(): void {
    const run = this.run;
    if (run?.status !== "RUNNING") return;
    const engine = this.loadEngine();
    const started: NodeExec[] = [];
    while (this.inFlight.size + started.length < run.options.concurrency && engine.queuedCount > 0) {
      if (engine.startedCount >= run.options.maxNodeExecutions) {
        this.failRun(`Loop guard: more than ${run.options.maxNodeExecutions} node executions in one run`);
        return;
      }
      const exec = engine.startNext();
      if (!exec) break;
      started.push(exec);
    }
    if (this.inFlight.size === 0 && started.length === 0 && engine.queuedCount === 0) {
      const paused = engine.withStatus("REVIEW").length > 0;
      this.endRun(paused ? "REVIEW" : "COMPLETED", null);
      return;
    }
    // In-memory blocks finish in this event-loop turn, and everything written in one turn commits as one: the
    // step is written with their results (one write per node, not RUNNING first). Any other block may do I/O,
    // so the step is committed before it starts (node-runner's own R2 access commits first, via beforeIo).
    const allInMemory = started.length > 0 && started.every((e) => lookupBlock(e.blockId)?.inMemory === true);
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
    return runNode({
      env: this.env,
      run,
      node: engine.graph.node(exec.nodeId),
      exec,
      controller,
      onBlob: (key) => this.store.recordBlob(key),
      services: {
        review: (request) => this.requestReview(exec, request),
        runGraph: (request) => this.runSubGraph(exec, request, controller.signal),
        tools: () => toolTargets(engine.graph, exec.nodeId, (id) => lookupBlock(id)?.description),
        runTool: (nodeId, input) => this.runToolNode(nodeId, input, controller.signal),
      },
      onText: (text) => this.liveText.push(exec, text),
      textListening: () => this.liveText.listening(),
      readCredential: (id) => this.credentials.read(this.env, run.ownerId, id),
      reviewRequested: () => this.reviewRequested.delete(exec.id),
      beforeIo: () => {
        if (this.run?.status !== "RUNNING") return;
        this.armWatchdog();
        this.commit(false);
      },
    });
  }

  // ---- engine services for blocks ------------------------------------------------------------------------

  private async requestReview(exec: NodeExec, request: { data: unknown; name: string; editable: boolean }) {
    const existing = this.store.review(exec.id);
    if (existing && existing.status !== "WAITING") {
      return { approved: existing.status === "APPROVED", data: existing.reviewedData, message: existing.message ?? "" };
    }
    if (!existing) {
      this.store.insertReview({
        nodeExecId: exec.id,
        nodeId: exec.nodeId,
        name: request.name,
        data: request.data,
        editable: request.editable,
        createdAt: Date.now(),
      });
    }
    this.reviewRequested.add(exec.id);
    return undefined;
  }

  private async runSubGraph(
    exec: NodeExec,
    request: { graphId: string; graphVersion?: number; inputs: Record<string, unknown> },
    signal: AbortSignal,
  ): Promise<SubRunResult> {
    const run = this.run as RunRow;
    const maxDepth = subRunDepthLimit(this.env);
    if (run.depth + 1 > maxDepth) throw new Error(`Sub-agent depth limit (${maxDepth}) reached`);
    const known = this.store.child(exec.id);
    if (known?.result) return known.result as SubRunResult;
    const childId = known?.childExecutionId ?? crypto.randomUUID();
    const child = await loadOwnedGraph(this.env.DB, run.ownerId, request.graphId, request.graphVersion);
    if (!child) throw new Error(`Sub-agent graph ${request.graphId} not found`);
    const result = new Promise<SubRunResult>((resolve, reject) => {
      this.childWaiters.set(childId, resolve);
      signal.addEventListener("abort", () => reject(new Error("Run cancelled")), { once: true });
    });
    if (!known) this.store.recordChild(exec.id, childId);
    const stub = this.runStub(childId);
    const started = await stub.start({
      executionId: childId,
      ownerId: run.ownerId,
      graphId: child.id,
      graphVersion: child.version,
      graph: this.credentials.inheritInto(child.graph),
      inputs: request.inputs,
      parent: { executionId: run.executionId, nodeExecId: exec.id },
      depth: run.depth + 1,
      options: { announceToOwner: run.options.announceToOwner },
      credentials: this.credentials.rows(),
    });
    if (!started.ok) {
      this.childWaiters.delete(childId);
      throw new Error(
        `Sub-agent cannot start: ${started.errors.map((e) => `${e.node_id}.${e.pin}: ${e.message}`).join("; ")}`,
      );
    }
    let finished: SubRunResult | null = null;
    if (isFinal(started.status)) finished = await stub.subRunResult();
    if (finished) this.childWaiters.delete(childId);
    else finished = await result;
    // The child's spend and steps count in this run's stats, as AutoGPT's merge_stats.
    run.extraCost += finished.cost;
    run.extraSteps += finished.nodeExecCount;
    return finished;
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

  private waitingOnChildren(): boolean {
    return this.childWaiters.size > 0;
  }

  private runStub(
    executionId: string,
  ): Pick<GraphRun, "start" | "cancel" | "destroy" | "childFinished" | "subRunResult"> {
    return this.env.GRAPH_RUN.get(this.env.GRAPH_RUN.idFromName(executionId)) as unknown as GraphRun;
  }

  // ---- committing, ending, publishing --------------------------------------------------------------------

  /** One transaction: every changed execution and the run row. Then events go out. */
  private commit(statusChanged: boolean): void {
    this.store.transaction(() => this.commitInTransaction(statusChanged));
  }

  private commitInTransaction(statusChanged: boolean): void {
    const run = this.run as RunRow;
    const changed = this.engine?.takeChanges() ?? [];
    this.store.saveNodeExecs(changed);
    const sockets = this.sockets.active;
    // Events are numbered one each, and built only when a hub or a socket listens.
    const nodes =
      (this.hubs.length > 0 || sockets) && changed.length > 0
        ? changed.map((e) => ({ seq: ++run.eventSeq, data: nodeExecutionView(run.executionId, e) }))
        : [];
    if (statusChanged) run.eventSeq++;
    this.store.updateRun(run, statusChanged);
    if (nodes.length > 0 && this.hubs.length > 0) {
      this.outbox.publish(
        this.hubs,
        nodes.map(({ seq, data }) => ({
          method: "node_execution_event",
          graph_exec_id: run.executionId,
          graph_id: run.graphId,
          seq,
          data,
        })),
      );
    }
    if (sockets) {
      const status = statusChanged
        ? [{ type: "graph_execution" as const, seq: run.eventSeq, data: this.resultOf(run) }]
        : [];
      this.sockets.publish([...nodes.map((n) => ({ type: "node_execution" as const, ...n })), ...status]);
    }
    if (statusChanged) this.publishRun(run);
  }

  /**
   * The run-level event goes to subscribed hubs, and to the owner's hub when it had graph-level watchers as the
   * run started (`announceToOwner`; runs stored before that option existed always announce).
   */
  private publishRun(run: RunRow): void {
    this.statusAnnounced = true;
    const owner =
      run.options.announceToOwner === false ? undefined : this.env.EVENT_HUB.idFromName(run.ownerId).toString();
    const hubs = owner === undefined || this.hubs.includes(owner) ? this.hubs : [...this.hubs, owner];
    if (hubs.length === 0) return;
    const data = this.resultOf(run);
    this.outbox.publish(hubs, [
      {
        method: "graph_execution_event",
        graph_exec_id: run.executionId,
        graph_id: run.graphId,
        seq: run.eventSeq,
        data,
      },
    ]);
  }

  private resultOf(run: RunRow): RunResultView {
    return runResult(run, this.engine ? [...this.engine.all()] : this.store.loadNodeExecs());
  }

  private endRun(status: ExecutionStatus, error: string | null): void {
    const run = this.run as RunRow;
    run.status = status;
    run.error = error;
    if (isFinal(status)) run.endedAt = Date.now();
    run.lastProgressAt = Date.now();
    this.commit(true);
    this.syncIndex();
    if (isFinal(status) || status === "REVIEW")
      this.ctx.waitUntil(announceRunEnd(this.env, run, this.buildSummary(run)));
    // Nothing ticks while a run waits for a reviewer (the object can hibernate) or once it is over; a
    // failed index write or parent callback re-arms the alarm for itself.
    if (this.watchdogArmed) {
      this.watchdogArmed = false;
      this.ctx.storage.deleteAlarm();
    }
    if (isFinal(status) || status === "REVIEW") {
      for (const wake of this.finalWaiters.splice(0)) wake();
    }
    if (isFinal(status) && run.parent) this.notifyParent(run);
  }

  /** Tells the parent run this sub-run is final; retried by the alarm until it is heard. */
  private notifyParent(run: RunRow): void {
    const parent = run.parent;
    if (!parent) return;
    const result = this.subResult(run);
    const told = this.runStub(parent.executionId)
      .childFinished(run.executionId, result)
      .then(() => this.store.setMeta("parent_notified", "1"))
      .catch(() => this.ctx.storage.setAlarm(Date.now() + 5_000));
    this.ctx.waitUntil(told);
  }

  /** Sets the watchdog alarm once per instance's stretch of running (not awaited: the output gate covers it). */
  private armWatchdog(): void {
    if (this.watchdogArmed) return;
    this.watchdogArmed = true;
    void this.ctx.storage.setAlarm(Date.now() + WATCHDOG_TICK_MS);
  }

  private failRun(reason: string): void {
    for (const controller of this.inFlight.values()) controller.abort(new Error(reason));
    this.inFlight.clear();
    this.loadEngine().terminateAll();
    this.endRun("FAILED", reason);
  }

  private subResult(run: RunRow): SubRunResult {
    const execs = [...this.loadEngine().all()];
    const stats = nodeStats(execs);
    return {
      executionId: run.executionId,
      status: run.status as SubRunResult["status"],
      outputs: outputPairs(execs, engineCatalog),
      error: run.error,
      cost: run.extraCost + usageTotals(execs).cost,
      nodeExecCount: stats.node_exec_count + run.extraSteps,
    };
  }

  /** Keeps the D1 index row in step with the run, off the request path (batched with other runs: `run-index`). */
  private syncIndex(): Promise<void> {
    this.indexChain = this.indexChain.then(async () => {
      const run = this.run;
      if (!run?.indexDirty) return;
      const summary = this.buildSummary(run);
      try {
        await writeIndexRow(this.env.DB, run, summary);
        // Cleared in memory only: persisting it would cost a storage commit per run. A stale "dirty" on disk
        // is harmless — after a restart the watchdog alarm upserts the same row once more.
        if (this.run === run && run.status === summary.status) run.indexDirty = false;
      } catch (err) {
        // The alarm retries; the run's own state is already durable.
        console.error(
          JSON.stringify({
            level: "error",
            msg: "execution index sync failed",
            execution_id: run.executionId,
            error: messageOf(err),
          }),
        );
        // A running run's watchdog alarm retries anyway; a paused or final one needs its own.
        if (run.status === "RUNNING") return;
        await this.ctx.storage.setAlarm(Date.now() + 5_000);
      }
    });
    return this.indexChain;
  }

  // ---- views ------------------------------------------------------------------------------------------

  private buildSummary(run: RunRow): RunSummaryView {
    return runSummary(run, this.engine ? [...this.engine.all()] : this.store.loadNodeExecs());
  }

  private buildView(run: RunRow): RunView {
    return runView(run, [...this.loadEngine().all()]);
  }

  /** The view with large output values fetched back from R2 (node executions keep their references). */
  private async buildApiView(run: RunRow): Promise<RunView> {
    const view = this.buildView(run);
    return budgetedView(view, await resolveOutputRefs(this.env.FILES, view.outputs, VIEW_BUDGET_BYTES / 2));
  }

  /** The result (no node executions) with large output values fetched back from R2. */
  private async buildApiResult(run: RunRow): Promise<RunResultView> {
    const result = runResult(run, [...this.loadEngine().all()]);
    return { ...result, outputs: await resolveOutputRefs(this.env.FILES, result.outputs, VIEW_BUDGET_BYTES) };
  }
}
