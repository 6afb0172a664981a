// One execution followed live: the run's own WebSocket (a snapshot, then every event; resumed after a drop), and a
// slow REST poll as a safety net while the socket is down (a blocked socket never freezes the view). Used by the
// editor's run panel and the run page.
import { ApiRequestError, type Execution, executions, type NodeExecution, type Review } from "$lib/api";
import { currentToken } from "$lib/api/http";
import { followRun, type RunSocket } from "$lib/api/run-socket";
import {
  isTerminal,
  mergeLiveText,
  mergeNodeExecution,
  nodeViews,
  progress,
  sumUsage,
} from "$lib/graph-logic/run-state";

const POLL_MS = 2000;

export class LiveRun {
  readonly executionId: string;
  status = $state("QUEUED");
  execs = $state.raw<ReadonlyMap<string, NodeExecution>>(new Map());
  execution = $state.raw<Execution | null>(null);
  reviews = $state.raw<Review[]>([]);
  now = $state(Date.now());
  error = $state("");
  /** The API says there is no such execution (or it is someone else's): nothing else to show. */
  notFound = $state(false);
  views = $derived(nodeViews(this.execs));
  progress = $derived(progress(this.execs));
  done = $derived(isTerminal(this.status));
  /** Model tokens and cost: the run's own stats once it has them (sub-runs included), else its nodes' so far. */
  usage = $derived(this.execution?.usage ?? sumUsage([...this.execs.values()].map((e) => e.usage)));
  #feed: RunSocket | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;
  #refreshing = false;

  constructor(executionId: string) {
    this.executionId = executionId;
  }

  /** Elapsed run time in ms (frozen once the run ended). */
  get elapsed(): number {
    const start = this.execution?.startedAt ?? firstStart(this.execs);
    if (start === undefined) return 0;
    return (this.execution?.endedAt ?? (this.done ? lastEnd(this.execs) : undefined) ?? this.now) - start;
  }

  start(): void {
    const token = currentToken();
    if (token) {
      this.#feed = followRun(this.executionId, token, {
        onSnapshot: (e) => this.#apply(e),
        onGraph: (g) => {
          this.execution = { ...g, nodeExecutions: [] };
          this.#setStatus(g.status);
        },
        onNode: (n) => {
          this.execs = mergeNodeExecution(this.execs, n);
        },
        onText: (t) => {
          this.execs = mergeLiveText(this.execs, t.nodeExecId, t.text);
        },
      });
    } else void this.refresh();
    this.#timer = setInterval(() => {
      if (!this.done) this.now = Date.now();
    }, 250);
    // Polling is only the fallback for a socket that is down (reconnecting, or blocked by a proxy).
    this.#poll = setInterval(() => {
      if (!this.done && !this.#feed?.connected) void this.refresh();
    }, POLL_MS);
  }

  stop(): void {
    this.#feed?.close();
    clearInterval(this.#timer);
    clearInterval(this.#poll);
  }

  async refresh(): Promise<void> {
    if (this.#refreshing) return;
    this.#refreshing = true;
    try {
      this.#apply(await executions.get(this.executionId));
      this.error = "";
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 404 && !this.execution) {
        this.notFound = true;
        this.stop();
      }
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.#refreshing = false;
    }
  }

  /** The whole run (REST answer or the socket's snapshot). */
  #apply(e: Execution): void {
    this.execution = e;
    let merged: ReadonlyMap<string, NodeExecution> = this.execs;
    for (const n of e.nodeExecutions) merged = mergeNodeExecution(merged, n);
    this.execs = merged;
    this.#setStatus(e.status);
  }

  #setStatus(status: string): void {
    const wasDone = this.done;
    this.status = status;
    if (status === "REVIEW") void this.loadReviews();
    else if (this.reviews.length > 0) this.reviews = [];
    // One full read at the end: run events carry large outputs as references, the REST resource resolves them.
    if (!wasDone && isTerminal(status)) {
      this.now = Date.now();
      void this.refresh();
    }
  }

  async loadReviews(): Promise<void> {
    try {
      this.reviews = (await executions.reviews(this.executionId)).filter((r) => !r.status || r.status === "WAITING");
    } catch {
      this.reviews = [];
    }
  }

  async cancel(): Promise<void> {
    await executions.cancel(this.executionId);
    await this.refresh();
  }

  async review(nodeExecId: string, approved: boolean, data?: unknown): Promise<void> {
    await executions.review(this.executionId, nodeExecId, approved, data);
    this.reviews = this.reviews.filter((r) => r.node_exec_id !== nodeExecId);
    await this.refresh();
  }
}

function firstStart(execs: ReadonlyMap<string, NodeExecution>): number | undefined {
  const starts = [...execs.values()].map((e) => e.queuedAt ?? e.startedAt).filter((t) => t !== undefined);
  return starts.length ? Math.min(...starts) : undefined;
}
function lastEnd(execs: ReadonlyMap<string, NodeExecution>): number | undefined {
  const ends = [...execs.values()].map((e) => e.endedAt).filter((t) => t !== undefined);
  return ends.length ? Math.max(...ends) : undefined;
}
