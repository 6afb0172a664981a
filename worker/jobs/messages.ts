// What travels on the JOBS queue: one zod definition per message, shared by producers and the consumer.
import { z } from "zod";
import { RunCallback } from "../../durable-objects/run-callback-job";

/** One due fire of a schedule. The consumer starts the run with idempotency key `schedule:<id>:<fire_time>`. */
export const ScheduleFire = z.object({
  kind: z.literal("schedule.fire"),
  schedule_id: z.string(),
  fire_time: z.string().describe("The fire time, ISO 8601 UTC"),
});
export type ScheduleFire = z.infer<typeof ScheduleFire>;

export const JobMessage = z.discriminatedUnion("kind", [ScheduleFire, RunCallback]);
export type JobMessage = z.infer<typeof JobMessage>;

/** Queues take at most 100 messages per sendBatch. */
export const SEND_BATCH_MAX = 100;

export async function sendJobs(queue: Queue, messages: JobMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_BATCH_MAX) {
    await queue.sendBatch(messages.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body, contentType: "json" })));
  }
}
