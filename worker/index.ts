// Worker entry: HTTP (Hono), Queue consumer and Cron Trigger, plus the Durable Object classes.
import { app } from "./app";

export { EventHub } from "../durable-objects/event-hub";
export { GraphRun } from "../durable-objects/graph-run";
export { RateLimiter } from "../durable-objects/rate-limiter";

export default {
  fetch: app.fetch,
  async queue(batch) {
    for (const message of batch.messages) message.ack();
  },
  async scheduled() {},
} satisfies ExportedHandler<Env>;
