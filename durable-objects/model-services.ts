// The model services an AI block gets inside a run: the operator's provider endpoints and limits from the
// environment, an unguarded fetch for those endpoints only, and token accounting on the node execution.
import type { ModelCallLimits, ModelServices, ModelUsage } from "../blocks/contract";

const positive = (raw: unknown): number | undefined => {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** MODEL_* variables; unset ones fall back to blocks/llm/call.ts's defaults. */
export function modelLimits(env: Env): Partial<ModelCallLimits> {
  const vars = env as unknown as Record<string, unknown>;
  const limits: Partial<ModelCallLimits> = {};
  const timeout = positive(vars.MODEL_CALL_TIMEOUT_MS);
  const retries = positive(vars.MODEL_RATE_LIMIT_RETRIES);
  const retryAfter = positive(vars.MODEL_MAX_RETRY_AFTER_MS);
  if (timeout !== undefined) limits.callTimeoutMs = timeout;
  if (retries !== undefined) limits.rateLimitRetries = Math.floor(retries);
  if (retryAfter !== undefined) limits.maxRetryAfterMs = retryAfter;
  return limits;
}

/** @example createModelServices(env, signal, (u) => (exec.stats = addUsage(exec.stats, u)), { onText, listening }) */
export function createModelServices(
  env: Env,
  signal: AbortSignal,
  recordUsage: (usage: ModelUsage) => void,
  live?: { onText(text: string): void; listening(): boolean },
): ModelServices {
  const vars = env as unknown as Record<string, string | undefined> & { AI?: unknown };
  return {
    endpoints: {
      openaiBaseUrl: vars.OPENAI_BASE_URL || undefined,
      anthropicBaseUrl: vars.ANTHROPIC_BASE_URL || undefined,
      ollamaHost: vars.OLLAMA_HOST || undefined,
    },
    // Only the operator's configured endpoints reach this fetch (blocks/llm/provider.ts decides); the run's
    // cancellation still applies.
    operatorFetch: (input, init) =>
      fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    recordUsage,
    ...(live ? { onText: live.onText, textListening: live.listening } : {}),
    ...(vars.AI ? { workersAi: vars.AI } : {}),
    limits: modelLimits(env),
  };
}
