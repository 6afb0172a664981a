// The queue message a finished run sends for its completion callback. Defined here, by its producer (the run's
// object), and imported by the Worker's JOBS union: imports go worker/ → durable-objects/, never back.
import { z } from "zod";

/** A final run's summary to POST to a completion callback URL (signed). */
export const RunCallback = z.object({
  kind: z.literal("run.callback"),
  owner_id: z.string(),
  execution_id: z.string(),
  url: z.string(),
  body: z.record(z.string(), z.unknown()),
});
export type RunCallback = z.infer<typeof RunCallback>;
