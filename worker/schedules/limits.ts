// Schedule limits, from the Worker's vars (wrangler.toml [vars]; shell variables under `npm start`).
const num = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export const scheduleLimits = (env: Env) => ({
  /** The shortest allowed gap between two fires of one schedule, in seconds. */
  minIntervalSeconds: num(env.SCHEDULE_MIN_INTERVAL_SECONDS, 60),
  /** Schedules one user may have. */
  perUser: num(env.SCHEDULES_PER_USER, 100),
  /** Due schedules one cron tick fires at most (the rest wait for the next tick, oldest first). */
  tickMaxFires: num(env.SCHEDULE_TICK_MAX_FIRES, 20_000),
});
