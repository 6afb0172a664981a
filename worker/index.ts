// Worker entry: HTTP (Hono), Queue consumer and Cron Trigger, plus the Durable Object classes.
import { app } from "./app";
import { cleanupRunFiles } from "./files/cleanup";
import { consumeJobs } from "./jobs/consumer";
import { log } from "./log";
import { scheduleTick } from "./schedules/tick";

export { EventHub } from "../durable-objects/event-hub";
export { GraphRun } from "../durable-objects/graph-run";
export { RateLimiter } from "../durable-objects/rate-limiter";

export default {
  fetch: app.fetch,
  async queue(batch, env, _ctx) {
    await consumeJobs(batch, env);
  },
  async scheduled(controller, env, _ctx) {
    const report = await scheduleTick(env, controller.scheduledTime);
    if (report.due > 0) log(env, "info", "schedules fired", { cron: controller.cron, ...report });
    await cleanupRunFiles(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
