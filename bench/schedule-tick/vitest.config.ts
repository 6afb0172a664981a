// `npx vitest run --config bench/schedule-tick/vitest.config.ts`: one cron tick with 10,000 due schedules in
// workerd (real D1 and Queue), the figures printed. Not part of `npm test`.
import { defineConfig } from "vitest/config";
import base from "../../vitest.config";

export default defineConfig(async (env) => {
  const resolved = await (typeof base === "function" ? base(env) : base);
  return {
    ...resolved,
    test: { ...resolved.test, include: ["bench/schedule-tick/tick.bench-run.ts"], testTimeout: 300_000 },
  };
});
