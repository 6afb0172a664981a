// Structured JSON logs. Callers pass only ids and metadata: never a password, token, key or credential.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

export function log(env: { LOG_LEVEL?: string }, level: Level, msg: string, fields: Record<string, unknown> = {}) {
  const threshold = LEVELS[(env.LOG_LEVEL ?? "info") as keyof typeof LEVELS] ?? LEVELS.info;
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
