// A run's live events: numbered per commit and sent to whoever listens — the run's own WebSockets (run-sockets.ts)
// and the user event hubs subscribed to it (AutoGPT's `/api/v1/ws` protocol, through event-outbox.ts). Events are
// built only when someone listens: a run with no socket and no hub pays nothing per event and makes no RPC.
import type { NodeExec } from "../engine/node-exec";
import type { RunResultView } from "../engine/views";
import { nodeExecutionView } from "../engine/views";
import { EventOutbox } from "./event-outbox";
import { LiveText } from "./live-text";
import { RunSockets } from "./run-sockets";
import type { RunRow, RunStore } from "./run-store";

export class RunEvents {
  /** Event hubs (one per user) subscribed to this run's node events. */
  private hubs: string[];
  /** A run-level event went out since this instance started the run. */
  statusAnnounced = false;
  private readonly outbox: EventOutbox;
  /** The run's own WebSockets. */
  readonly sockets: RunSockets;
  /** Live text of AI nodes for whoever watches (live-text.ts). */
  readonly liveText: LiveText;

  constructor(
    private readonly env: Env,
    ctx: DurableObjectState,
    private readonly store: RunStore,
    run: () => RunRow | undefined,
  ) {
    const stored = run() !== undefined;
    this.hubs = stored ? store.subscribers() : [];
    this.outbox = new EventOutbox(env, ctx);
    this.sockets = new RunSockets(ctx, stored);
    this.liveText = new LiveText({
      run,
      hubs: () => this.hubs,
      outbox: () => this.outbox,
      sockets: () => this.sockets,
    });
  }

  /** A user's event hub subscribes: from now on every committed change is pushed to it. */
  subscribe(hubId: string): void {
    this.store.addSubscriber(hubId);
    this.hubs = this.store.subscribers();
  }

  /**
   * Inside a commit's transaction: numbers this commit's events (one per changed execution when anyone listens,
   * one for a status change), lets `persist` write the run row with its new number, then sends them.
   */
  committed(
    run: RunRow,
    changed: readonly NodeExec[],
    statusChanged: boolean,
    result: () => RunResultView,
    persist: () => void,
  ): void {
    // The run's result view is built at most once per commit, however many listeners get it.
    let view: RunResultView | undefined;
    const resultOnce = () => (view ??= result());
    const sockets = this.sockets.active;
    const nodes =
      (this.hubs.length > 0 || sockets) && changed.length > 0
        ? changed.map((e) => ({ seq: ++run.eventSeq, data: nodeExecutionView(run.executionId, e) }))
        : [];
    if (statusChanged) run.eventSeq++;
    persist();
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
      const status = statusChanged ? [{ type: "graph_execution" as const, seq: run.eventSeq, data: resultOnce() }] : [];
      this.sockets.publish([...nodes.map((n) => ({ type: "node_execution" as const, ...n })), ...status]);
    }
    if (statusChanged) this.publishRun(run, resultOnce);
  }

  /**
   * The run-level event goes to subscribed hubs, and to the owner's hub when it had graph-level watchers as the
   * run started (`announceToOwner`; runs stored before that option existed always announce).
   */
  publishRun(run: RunRow, result: () => RunResultView): void {
    this.statusAnnounced = true;
    const owner =
      run.options.announceToOwner === false ? undefined : this.env.EVENT_HUB.idFromName(run.ownerId).toString();
    const hubs = owner === undefined || this.hubs.includes(owner) ? this.hubs : [...this.hubs, owner];
    if (hubs.length === 0) return;
    this.outbox.publish(hubs, [
      {
        method: "graph_execution_event",
        graph_exec_id: run.executionId,
        graph_id: run.graphId,
        seq: run.eventSeq,
        data: result(),
      },
    ]);
  }

  /** The run was deleted: nobody is subscribed any more and its sockets close. */
  reset(): void {
    this.hubs = [];
    this.sockets.closeAll("Run deleted");
  }
}
