import { z } from "zod";
import { defineBlock } from "../contract";

/** Longest wait a run holds a node for; longer delays belong to schedules. */
const MAX_WAIT_SECONDS = 3600;

const duration = (description: string) =>
  z
    .union([z.number().int().min(0), z.string().regex(/^\s*\d+\s*$/, "Must be a whole number")])
    .default(0)
    .meta({ description, advanced: false });

/** Waits until the signal aborts or the time passes; an abort rejects so the run stops promptly. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error("Aborted"));
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error("Aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export const countdownTimerBlock = defineBlock({
  id: "d67a9c52-5e4e-11e2-bcfd-0800200c9a71",
  name: "CountdownTimerBlock",
  description: "This block triggers after a specified duration.",
  categories: ["TEXT"],
  // The node budget must cover the longest wait (the engine's default is shorter).
  timeoutMs: (MAX_WAIT_SECONDS + 60) * 1000,
  input: z.object({
    input_message: z
      .unknown()
      .default("timer finished")
      .meta({ description: "Message to output after the timer finishes", advanced: false }),
    seconds: duration("Duration in seconds"),
    minutes: duration("Duration in minutes"),
    hours: duration("Duration in hours"),
    days: duration("Duration in days"),
    repeat: z.number().int().min(1).max(100).default(1).describe("Number of times to repeat the timer"),
  }),
  output: z.object({ output_message: z.unknown().describe("Message after the timer finishes") }),
  async *run(input, ctx) {
    const total =
      Number(input.seconds) + Number(input.minutes) * 60 + Number(input.hours) * 3600 + Number(input.days) * 86_400;
    if (total > MAX_WAIT_SECONDS) {
      yield ["error", `A timer can wait at most ${MAX_WAIT_SECONDS} seconds; use a schedule for longer waits`];
      return;
    }
    for (let i = 0; i < input.repeat; i++) {
      if (total > 0) await sleep(total * 1000, ctx.signal);
      yield ["output_message", input.input_message];
    }
  },
  tests: [
    { input: {}, expect: [["output_message", "timer finished"]] },
    { input: { input_message: "Custom message" }, expect: [["output_message", "Custom message"]] },
    {
      input: { input_message: { n: 1 }, repeat: 2, seconds: "0" },
      expect: [
        ["output_message", { n: 1 }],
        ["output_message", { n: 1 }],
      ],
    },
    {
      name: "an aborted run stops the wait",
      input: { seconds: 30 },
      ctx: { signal: AbortSignal.abort(new Error("run cancelled")) },
      expect: [["error", (m: unknown) => String(m).includes("run cancelled")]],
    },
  ],
});
