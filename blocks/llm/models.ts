// The models AI blocks offer (AutoGPT's LlmModel values, so exported agents keep their choice), with each one's
// provider, context window, output limit and price. Prices are USD per million tokens, list prices of the
// provider at the time of writing; a model missing here costs nothing in the run's stats.

export type ModelProvider = "openai" | "anthropic" | "ollama";

/**
 * Whether a model thinks in hidden tokens before it answers; they count against its output budget
 * (max_completion_tokens). "effort": OpenAI's reasoning_effort sets how much; "fixed": the model refuses that
 * parameter (o1-mini). Anthropic models reason only with extended thinking, which no block turns on.
 */
export type Reasoning = false | "effort" | "fixed";

export type ModelInfo = {
  provider: ModelProvider;
  displayName: string;
  contextWindow: number;
  maxOutputTokens: number | null;
  /** USD per million input / output tokens. */
  inputPrice: number;
  outputPrice: number;
  reasoning: Reasoning;
};

const m = (
  provider: ModelProvider,
  displayName: string,
  contextWindow: number,
  maxOutputTokens: number | null,
  inputPrice: number,
  outputPrice: number,
  reasoning: Reasoning = false,
): ModelInfo => ({ provider, displayName, contextWindow, maxOutputTokens, inputPrice, outputPrice, reasoning });

/** The model table: id → info. One place for context sizes and prices. */
export const MODELS: Readonly<Record<string, ModelInfo>> = {
  // OpenAI
  "o3-mini": m("openai", "O3 Mini", 200_000, 100_000, 1.1, 4.4, "effort"),
  "o3-2025-04-16": m("openai", "O3", 200_000, 100_000, 2, 8, "effort"),
  o1: m("openai", "O1", 200_000, 100_000, 15, 60, "effort"),
  "o1-mini": m("openai", "O1 Mini", 128_000, 65_536, 1.1, 4.4, "fixed"),
  "gpt-5.2-2025-12-11": m("openai", "GPT-5.2", 400_000, 128_000, 1.75, 14, "effort"),
  "gpt-5.1-2025-11-13": m("openai", "GPT-5.1", 400_000, 128_000, 1.25, 10, "effort"),
  "gpt-5-2025-08-07": m("openai", "GPT-5", 400_000, 128_000, 1.25, 10, "effort"),
  "gpt-5-mini-2025-08-07": m("openai", "GPT-5 Mini", 400_000, 128_000, 0.25, 2, "effort"),
  "gpt-5-nano-2025-08-07": m("openai", "GPT-5 Nano", 400_000, 128_000, 0.05, 0.4, "effort"),
  "gpt-5-chat-latest": m("openai", "GPT-5 Chat Latest", 400_000, 16_384, 1.25, 10),
  "gpt-4.1-2025-04-14": m("openai", "GPT-4.1", 1_047_576, 32_768, 2, 8),
  "gpt-4.1-mini-2025-04-14": m("openai", "GPT-4.1 Mini", 1_047_576, 32_768, 0.4, 1.6),
  "gpt-4o-mini": m("openai", "GPT-4o Mini", 128_000, 16_384, 0.15, 0.6),
  "gpt-4o": m("openai", "GPT-4o", 128_000, 16_384, 2.5, 10),
  "gpt-4-turbo": m("openai", "GPT-4 Turbo", 128_000, 4_096, 10, 30),
  // Anthropic
  "claude-opus-4-1-20250805": m("anthropic", "Claude Opus 4.1", 200_000, 32_000, 15, 75),
  "claude-opus-4-20250514": m("anthropic", "Claude Opus 4", 200_000, 32_000, 15, 75),
  "claude-sonnet-4-20250514": m("anthropic", "Claude Sonnet 4", 200_000, 64_000, 3, 15),
  "claude-opus-4-5-20251101": m("anthropic", "Claude Opus 4.5", 200_000, 64_000, 5, 25),
  "claude-sonnet-4-5-20250929": m("anthropic", "Claude Sonnet 4.5", 200_000, 64_000, 3, 15),
  "claude-haiku-4-5-20251001": m("anthropic", "Claude Haiku 4.5", 200_000, 64_000, 1, 5),
  "claude-opus-4-6": m("anthropic", "Claude Opus 4.6", 200_000, 128_000, 5, 25),
  "claude-opus-4-7": m("anthropic", "Claude Opus 4.7", 200_000, 128_000, 5, 25),
  "claude-sonnet-4-6": m("anthropic", "Claude Sonnet 4.6", 200_000, 64_000, 3, 15),
  "claude-3-haiku-20240307": m("anthropic", "Claude 3 Haiku", 200_000, 4_096, 0.25, 1.25),
  // Ollama (local, free)
  "llama3.3": m("ollama", "Llama 3.3", 8_192, null, 0, 0),
  "llama3.2": m("ollama", "Llama 3.2", 8_192, null, 0, 0),
  llama3: m("ollama", "Llama 3", 8_192, null, 0, 0),
  "llama3.1:405b": m("ollama", "Llama 3.1 405B", 8_192, null, 0, 0),
  "dolphin-mistral:latest": m("ollama", "Dolphin Mistral Latest", 32_768, null, 0, 0),
};

/** AutoGPT's DEFAULT_LLM_MODEL. */
export const DEFAULT_MODEL = "gpt-5.2-2025-12-11";

/** The model's info; AutoGPT also accepts provider-prefixed names ("anthropic/claude-sonnet-4-6"). */
export function modelInfo(model: string): ModelInfo | undefined {
  if (Object.hasOwn(MODELS, model)) return MODELS[model];
  const slash = model.indexOf("/");
  if (slash > 0) {
    const bare = model.slice(slash + 1);
    if (Object.hasOwn(MODELS, bare)) return MODELS[bare];
  }
  return undefined;
}

/**
 * What a call cost, in US cents (the unit of a run's `stats.cost`).
 * @example modelCostCents("gpt-4o", 1_000_000, 0) // 250
 */
export function modelCostCents(model: string, inputTokens: number, outputTokens: number): number {
  const info = modelInfo(model);
  if (!info) return 0;
  return ((inputTokens * info.inputPrice + outputTokens * info.outputPrice) / 1_000_000) * 100;
}

/** The model list as AutoGPT's schema extra `llm_model_metadata`, for the editor's model picker. */
export const MODEL_METADATA = Object.fromEntries(
  Object.entries(MODELS).map(([name, info]) => [
    name,
    {
      name,
      title: info.displayName,
      provider: info.provider,
      context_window: info.contextWindow,
      max_output_tokens: info.maxOutputTokens,
      input_price_per_million: info.inputPrice,
      output_price_per_million: info.outputPrice,
    },
  ]),
);
