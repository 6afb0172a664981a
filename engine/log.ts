// The one logger of the Worker and the Durable Objects: JSON lines at or above `LOG_LEVEL` (debug, info, warn,
// error, silent; info by default). A logger made for a run or a node carries its ids on every line
// (`execution_id`, `node_id`, `node_exec_id`). Callers pass only ids and metadata: never a password, token, key
// or credential.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = Exclude<keyof typeof LEVELS, "silent">;
export type LogFields = Record<string, unknown>;

export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines also carry `fields` (e.g. a run's `execution_id`, then a node's `node_id`). */
  with(fields: LogFields): Logger;
};

type LogEnv = { LOG_LEVEL?: string };

const threshold = (env: LogEnv) => LEVELS[(env.LOG_LEVEL ?? "info") as keyof typeof LEVELS] ?? LEVELS.info;

/** @example log(env, "error", "execution index sync failed", { execution_id, error }) */
export function log(env: LogEnv, level: LogLevel, msg: string, fields: LogFields = {}): void {
  if (LEVELS[level] < threshold(env)) return;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}

/** @example const runLog = logger(env, { execution_id }); runLog.with({ node_id }).warn("retrying") */
export function logger(env: LogEnv, base: LogFields = {}): Logger {
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => log(env, level, msg, { ...base, ...fields });
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    with: (fields) => logger(env, { ...base, ...fields }),
  };
}
