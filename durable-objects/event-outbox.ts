// A run's outgoing live events. Events are queued per hub in commit order; one sender drains the queue,
// batching whatever piled up while the previous call was in flight, so a busy run makes few calls and
// order holds. The runtime holds each call until the commits before it are durable, so nobody sees a
// change that could still be lost.

import { log } from "../engine/log";
import type { RunEvent } from "./event-hub";
import { keepAlive } from "./run-release";
import { eventHubStub } from "./stubs";

export class EventOutbox {
  private readonly queued = new Map<string, RunEvent[]>();
  private sending = false;

  constructor(
    private readonly env: Env,
    private readonly ctx: DurableObjectState,
  ) {}

  /** @example outbox.publish([hubId], [{ method: "node_execution_event", ... }]) */
  publish(hubs: readonly string[], events: RunEvent[]): void {
    for (const hub of hubs) {
      const list = this.queued.get(hub);
      if (list) list.push(...events);
      else this.queued.set(hub, [...events]);
    }
    if (!this.sending) {
      this.sending = true;
      keepAlive(this.ctx, this.drain());
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.size > 0) {
        const batch = [...this.queued];
        this.queued.clear();
        for (const [hub, events] of batch) await this.deliver(hub, events);
      }
    } finally {
      this.sending = false;
    }
  }

  private async deliver(hub: string, events: RunEvent[]): Promise<void> {
    const stub = eventHubStub(this.env, { hubId: hub });
    for (let attempt = 1; ; attempt++) {
      try {
        await stub.deliver(events);
        return;
      } catch (err) {
        if (attempt === 3) {
          const error = err instanceof Error ? err.message : String(err);
          log(this.env, "error", "event delivery failed", { hub, error });
          return;
        }
      }
    }
  }
}
