// The live text of a run's AI nodes (AITextGenerator, AIConversation, SmartDecisionMaker): the text so far, at most
// 20 events a second per node execution, to whoever watches the run right now: the run's own WebSockets
// (`node_text_stream` messages) and subscribed event hubs. Nothing is stored (not in the node's output, which
// stays the whole text, nor in the socket's resume log), and when nobody watches, the blocks do not even stream:
// `listening()` tells them to make a plain request, which costs the run less (bench/model-overhead.mjs).
import type { NodeExec } from "../engine/node-exec";
import type { RunTextStreamMessage } from "../engine/run-socket-messages";
import type { EventOutbox } from "./event-outbox";
import type { RunSockets } from "./run-sockets";
import type { RunRow } from "./run-store";
import { TextStreamThrottle } from "./text-stream";

export type LiveTextHost = {
  run(): RunRow | undefined;
  hubs(): readonly string[];
  outbox(): EventOutbox;
  sockets(): RunSockets;
};

/** @example const live = new LiveText({ run: () => this.run, hubs: () => this.hubs, outbox: () => this.outbox, sockets: () => this.sockets }) */
export class LiveText {
  // The text is read when sent: whatever makes it (cutting the node's secrets out) runs ≤ 20 times a second, not
  // once per streamed chunk over the whole text so far.
  private readonly throttle = new TextStreamThrottle<() => string>((exec, text) => this.publish(exec, text()));

  constructor(private readonly host: LiveTextHost) {}

  /**
   * Someone watches the run now (a socket open on it, or a subscribed hub), or will in a moment: a person started
   * it by hand (the editor's run button, a signed-in session), and the editor opens the run's socket only once
   * the execute call has answered, after the first model call may have begun. Runs from API keys, schedules,
   * webhooks and sub-runs stream only while someone watches.
   */
  listening(): boolean {
    if (this.host.run()?.options.trigger?.type === "manual") return true;
    return this.host.hubs().length > 0 || this.host.sockets().listening;
  }

  push(exec: NodeExec, text: () => string): void {
    this.throttle.push(exec, text);
  }

  /** Resolves once `exec`'s held-back text has gone out: awaited before the node ends, which stops its text. */
  flush(exec: NodeExec): Promise<void> {
    return this.throttle.flush(exec);
  }

  private publish(exec: NodeExec, text: string): void {
    const run = this.host.run();
    if (!run || exec.status !== "RUNNING") return;
    const data = { node_exec_id: exec.id, node_id: exec.nodeId, block_id: exec.blockId, text };
    const hubs = this.host.hubs();
    if (hubs.length > 0) {
      this.host.outbox().publish(hubs, [
        {
          method: "node_text_stream",
          graph_exec_id: run.executionId,
          graph_id: run.graphId,
          seq: run.eventSeq,
          data,
        },
      ]);
    }
    // `seq` is the last committed event's: a text event is not one of the numbered, resumable events.
    const message: RunTextStreamMessage = { type: "node_text_stream", seq: run.eventSeq, data };
    this.host.sockets().sendTransient(message);
  }
}
