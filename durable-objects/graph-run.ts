// One graph execution = one Durable Object (named by the execution id): a thin shell of I/O around the engine.
// This file is its face: the API's RPCs (start, read, wait, cancel, review, delete, sub-run reports), the
// watchdog alarm and the run's own WebSockets. The loop that drives nodes and commits steps is run-loop.ts; the
// rules it applies (when a run ends and how, loop guard, timeouts, stalls, retries) engine/run-rules.ts; events
// run-events.ts; sub-runs sub-run-host.ts; the index row index-sync.ts; a node's block node-runner.ts.
import type { SubRunResult } from "../blocks/contract";
import * as rules from "../engine/run-rules";
import { isFinal } from "../engine/status";
import type { RunResultView, RunView } from "../engine/views";
import { deleteRunData } from "./delete-run";
import { runOptionDefaults, runViewBytes } from "./run-limits";
import { RunLoop } from "./run-loop";
import { countCalls } from "./run-release";
import { newRun, type StartRequest, type StartResponse } from "./run-start";
import type { ReviewRow, RunRow } from "./run-store";
import { apiResult, apiView, type ReviewView, reviewView, runView } from "./run-views";
import { graphRunStub } from "./stubs";
import { subResult } from "./sub-run-host";
import { DEFAULT_MAX_SUBRUN_DEPTH, unreportedResults } from "./sub-runs";
import { budgetNodeValues } from "./view-budget";

export { DEFAULT_RUN_OPTIONS, type StartRequest, type StartResponse } from "./run-start";
/** Sub-agents may nest this deep unless `MAX_SUBRUN_DEPTH` says otherwise. */
export const MAX_SUBRUN_DEPTH = DEFAULT_MAX_SUBRUN_DEPTH;

export class GraphRun extends RunLoop {
  /** The run when `ownerId` owns it (everyone else is told it does not exist). */
  private owned(ownerId: string): RunRow | undefined {
    return this.run?.ownerId === ownerId ? this.run : undefined;
  }

  // ---- the run's own WebSockets (GET /api/v1/executions/:id/ws, forwarded by the Worker) -------------

  override async fetch(request: Request): Promise<Response> {
    const run = this.run;
    if (run) this.ensureDriving();
    return this.events.sockets.connect(request, run, () =>
      apiView(this.env.FILES, run as RunRow, this.execs(), runViewBytes(this.env)),
    );
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.events.sockets.message(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.events.sockets.closed(ws, code, reason);
  }

  override async webSocketError(): Promise<void> {}

  // ---- RPC ----------------------------------------------------------------------------------------------

  /**
   * Records the run durably and starts it. Idempotent: a second call for the same execution answers with the
   * existing run. Nodes that cannot start are reported (nothing is stored then).
   */
  async start(req: StartRequest): Promise<StartResponse> {
    const started = this.startRun(req);
    if (!started.ok || !req.waitMs || !this.run) return started;
    const run = await this.awaitFinal(req.ownerId, req.waitMs);
    return run && isFinal(run.status) ? { ...started, status: run.status, run } : started;
  }

  private startRun(req: StartRequest): StartResponse {
    if (this.run) return { ok: true, executionId: this.run.executionId, status: this.run.status, created: false };
    const made = newRun(req, Date.now(), runOptionDefaults(this.env));
    if (!made.ok) return made;
    const { run, engine } = made;
    this.credentials.seed(req.credentials);
    this.store.migrate();
    this.store.transaction(() => {
      this.store.insertRun(run);
      this.store.saveNodeExecs(engine.takeChanges());
    });
    this.run = run;
    this.engine = engine;
    this.driving = true;
    // No alarm yet: a run of in-memory blocks ends in this very turn, and this turn's writes commit together
    // (all or nothing), so it needs no watchdog. The alarm is armed in the turn the run first waits on anything.
    // A short run ends before anyone needs to hear it started: its RUNNING event and index row go out only if it
    // is still running a moment later.
    setTimeout(() => {
      if (this.run !== run || run.status !== "RUNNING" || this.events.statusAnnounced) return;
      this.events.publishRun(run, () => this.resultOf(run));
      this.index.sync();
    }, rules.START_ANNOUNCE_DELAY_MS);
    this.pump();
    return { ok: true, executionId: run.executionId, status: run.status, created: true };
  }

  /** The run as the API shows it, or null when it does not exist or belongs to someone else. */
  async view(ownerId: string): Promise<RunView | null> {
    const run = this.owned(ownerId);
    if (!run) return null;
    this.ensureDriving();
    return apiView(this.env.FILES, run, this.execs(), runViewBytes(this.env));
  }

  /** Waits (without polling) until the run is final or `timeoutMs` passed; then answers with its result. */
  async awaitFinal(ownerId: string, timeoutMs: number): Promise<RunResultView | null> {
    const run = this.owned(ownerId);
    if (!run) return null;
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
    return apiResult(this.env.FILES, run, this.execs(), runViewBytes(this.env));
  }

  /** The run's raw executions (for a rerun in another run's object). */
  async executionsForRerun(ownerId: string) {
    const run = this.owned(ownerId);
    if (!run) return null;
    const { graph, graphId, graphVersion, inputs } = run;
    return { graph: graph as unknown, graphId, graphVersion, inputs, executions: [...this.execs()] };
  }

  /** A user's event hub subscribes; answers the snapshot and the number of the last event it reflects. */
  async subscribe(ownerId: string, hubId: string): Promise<{ run: RunView; seq: number } | null> {
    const run = this.owned(ownerId);
    if (!run) return null;
    this.ensureDriving();
    this.events.subscribe(hubId);
    return { run: budgetNodeValues(runView(run, this.execs()), runViewBytes(this.env)).view, seq: run.eventSeq };
  }

  /** Cancels the run and its sub-runs; resolves once everything is final. Null when not the owner's. */
  async cancel(ownerId: string): Promise<RunView | null> {
    const run = this.owned(ownerId);
    if (!run) return null;
    if (!isFinal(run.status)) {
      this.abortAll("Run cancelled");
      this.endRun("TERMINATED", null);
      await this.subRuns.eachChild((child) => child.cancel(ownerId), true);
    }
    return budgetNodeValues(runView(run, this.execs()), runViewBytes(this.env)).view;
  }

  async reviews(ownerId: string): Promise<ReviewView[] | null> {
    return this.owned(ownerId) ? this.store.reviews().map(reviewView) : null;
  }

  /**
   * Records a reviewer's decision and resumes the paused node. Errors: "not_found" (no such pending review for
   * this owner) or "conflict" (already decided).
   */
  async review(
    ownerId: string,
    nodeExecId: string,
    decision: { approved: boolean; data?: unknown; message?: string },
  ): Promise<{ ok: true; review: ReviewView } | { ok: false; error: "not_found" | "conflict" }> {
    const run = this.owned(ownerId);
    const pending = run && this.store.review(nodeExecId);
    if (!run || !pending) return { ok: false, error: "not_found" };
    this.ensureDriving();
    const engine = this.loadEngine();
    const exec = engine.get(nodeExecId);
    if (pending.status !== "WAITING" || !exec || exec.status !== "REVIEW" || isFinal(run.status))
      return { ok: false, error: "conflict" };
    const data = decision.data !== undefined && pending.editable ? decision.data : pending.data;
    engine.resumeReviewed(exec);
    const wasReview = run.status === "REVIEW";
    if (wasReview) {
      run.status = rules.runTransition(run.status, "RUNNING", run.executionId);
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
      this.index.sync();
    }
    this.pump();
    return { ok: true, review: reviewView(this.store.review(nodeExecId) as ReviewRow) };
  }

  /** Cancels if needed, then removes the run's storage, R2 objects and index row. */
  async destroy(ownerId: string): Promise<boolean> {
    const run = this.owned(ownerId);
    if (!run) return false;
    await this.cancel(ownerId);
    await this.subRuns.eachChild((child) => child.destroy(ownerId), false);
    await this.index.settled();
    await deleteRunData(this.env, this.ctx, this.store, run);
    this.run = undefined;
    this.engine = undefined;
    this.driving = false;
    this.events.reset();
    return true;
  }

  /** A child run calls this when it is final; the waiting AgentExecutor node resumes. */
  async childFinished(childExecutionId: string, result: SubRunResult): Promise<void> {
    this.subRuns.childFinished(childExecutionId, result);
    this.ensureDriving();
  }

  /** The result a parent needs from this run once it is final. */
  async subRunResult(): Promise<SubRunResult | null> {
    const run = this.run;
    return run && isFinal(run.status) ? subResult(run, this.execs()) : null;
  }

  // ---- alarm: watchdog and resume ----------------------------------------------------------------------

  override async alarm(): Promise<void> {
    const run = this.run;
    if (!run) return;
    if (isFinal(run.status) && run.parent && this.store.getMeta("parent_notified") !== "1")
      this.subRuns.notifyParent(run, this.execs());
    if (run.status === "RUNNING") {
      const driving = this.driving;
      this.ensureDriving();
      const failure = rules.watchdogFailure(
        { ...run, ...run.options, driving, inFlight: this.inFlight.size, waitingOnChildren: this.subRuns.waiting },
        Date.now(),
      );
      if (failure) this.failRun(failure);
      // Sub-runs that ended without their report reaching this run.
      for (const { childExecutionId, result } of await unreportedResults(this.store, (id) =>
        graphRunStub(this.env, id),
      ))
        await this.childFinished(childExecutionId, result);
    }
    if (run.indexDirty) await this.index.sync();
    if (run.status === "RUNNING") {
      this.watchdogArmed = true;
      await this.ctx.storage.setAlarm(Date.now() + rules.WATCHDOG_TICK_MS);
    } else if (run.indexDirty) await this.ctx.storage.setAlarm(Date.now() + 5_000);
  }
}

// Every way into the object counts as a call: a finished run's object is not released with a call inside it.
countCalls(GraphRun.prototype, [
  "fetch",
  "webSocketMessage",
  "webSocketClose",
  "start",
  "view",
  "awaitFinal",
  "executionsForRerun",
  "subscribe",
  "cancel",
  "reviews",
  "review",
  "destroy",
  "childFinished",
  "subRunResult",
  "alarm",
]);
