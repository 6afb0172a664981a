// The JOBS queue consumer: schedule fires and completion callbacks. A message that fails for a reason that
// may pass (D1 or a Durable Object unreachable, a callback receiver down) is retried with backoff; after the
// queue's max_retries it goes to the dead-letter queue.
import { log } from "../log";
import { fireSchedule } from "../schedules/fire";
import { deliverCallback } from "./callback";
import { JobMessage } from "./messages";

/** Backoff for retried messages: 10 s, 20 s, 40 s … capped at 15 minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(900, 10 * 2 ** Math.max(0, attempts - 1));

export async function consumeJobs(batch: MessageBatch, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = JobMessage.safeParse(message.body);
      if (!parsed.success) {
        log(env, "warn", "dropping an unknown job message", { queue: batch.queue, id: message.id });
        message.ack();
        return;
      }
      const job = parsed.data;
      try {
        if (job.kind === "schedule.fire") await fireSchedule(env, job);
        else await deliverCallback(env, job);
        message.ack();
      } catch (err) {
        log(env, "warn", "job failed; retrying", {
          kind: job.kind,
          attempts: message.attempts,
          error: err instanceof Error ? err.message : String(err),
        });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
  );
}
