// One model call, as every AI block makes it: AutoGPT's llm_call on the Vercel AI SDK. It sizes max tokens to the
// model, retries a 429 after the provider's retry-after (bounded), records the tokens used, streams text to the
// live view when the host listens, and turns provider failures into messages a user can act on.
import { APICallError, generateText, jsonSchema, streamText, type ToolSet, tool } from "ai";
import { type BlockContext, type ModelCallLimits, NonRetryableError, RetryableError } from "../contract";
import { noStreamError, toolCallInfos } from "./answer";
import { assistantMessage, type ChatMessage, estimateTokens, type ToolCallInfo, toModelPrompt } from "./messages";
import { modelInfo } from "./models";
import { type ResolvedCredential, resolveModel } from "./provider";

export const DEFAULT_MODEL_LIMITS: ModelCallLimits = {
  rateLimitRetries: 3,
  maxRetryAfterMs: 30_000,
  callTimeoutMs: 120_000,
};

export type ToolSpec = { name: string; description: string; parameters: Record<string, unknown> };

export type LlmRequest = {
  model: string;
  credential: ResolvedCredential | null;
  ollamaHost: string;
  prompt: readonly ChatMessage[];
  maxTokens?: number | null;
  tools?: readonly ToolSpec[];
  /** Forward text to the live run view while it is generated. */
  stream?: boolean;
  /** Whether the model may call several tools in one answer (AutoGPT's `parallel_tool_calls`); unset: the provider's default. */
  parallelToolCalls?: boolean;
  /** How long a reasoning model may think; sent only to models that take OpenAI's reasoning_effort. */
  reasoningEffort?: "low" | "medium" | "high";
};

export type LlmResponse = {
  text: string;
  toolCalls: ToolCallInfo[];
  inputTokens: number;
  outputTokens: number;
  /** The answer in AutoGPT's message shape, for conversation histories. */
  message: ChatMessage;
  finishReason: string;
};

/** The provider refused (bad key, no access): retrying cannot help. */
export class ModelAuthError extends NonRetryableError {
  override name = "ModelAuthError";
}

/** The model declined to answer (content filter / refusal). */
export class ModelRefusalError extends NonRetryableError {
  override name = "ModelRefusalError";
}

/** The output budget ran out before the first word (a reasoning model thinking it away): the same budget fails again. */
export class ModelOutputBudgetError extends NonRetryableError {
  override name = "ModelOutputBudgetError";
}

/** What to tell the user when `model` answered nothing within `budget` output tokens. */
function budgetSpentMessage(model: string, budget: number | undefined): string {
  const spent = `${model} used its whole output budget${budget ? ` (${budget} tokens)` : ""} before answering`;
  return modelInfo(model)?.reasoning
    ? `${spent}: its hidden reasoning counts against that budget. Raise max_tokens, or pick a model that does not reason (e.g. gpt-4.1-mini).`
    : `${spent}. Raise max_tokens.`;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * One attempt's abort signal: the node's own, or the call's time budget running out. `release()` clears the timer
 * as soon as the attempt ends (AbortSignal.timeout would keep a timer of the whole budget, 120 s by default,
 * pending per call, and AbortSignal.any another signal per call).
 */
function callBudget(parent: AbortSignal, ms: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`The model call took longer than ${ms} ms`, "TimeoutError"));
  }, ms);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    release() {
      clearTimeout(timer);
      parent.removeEventListener("abort", onAbort);
    },
  };
}

/** The provider's retry-after (`retry-after-ms`, `retry-after` in seconds or as a date), in ms. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(lower["retry-after-ms"]);
  if (lower["retry-after-ms"] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = lower["retry-after"];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function providerMessage(err: APICallError): string {
  try {
    const body = JSON.parse(err.responseBody ?? "") as { error?: { message?: string } | string; message?: string };
    const inner = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message);
    if (inner) return inner;
  } catch {
    // not JSON: fall back to the SDK's message
  }
  return err.message;
}

/** streamText's onError: nothing to do, the caller handles the stream's error part. */
const ignoreStreamError = () => undefined;

class RateLimited extends Error {
  constructor(
    readonly waitMs: number | undefined,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** What a failed call means for the user; RetryableError lets the node's retry policy try again. */
function explain(err: unknown, provider: string, model: string, limits: ModelCallLimits, timedOut: boolean): Error {
  if (timedOut) return new RetryableError(`Model call to ${provider} timed out after ${limits.callTimeoutMs / 1000} s`);
  if (err instanceof RateLimited) {
    const message = `Rate limited by ${provider} (429): ${err.detail}`;
    // Past the deployment's bound the wait is not honoured, and a sooner retry (the node's policy) would be refused.
    if (err.waitMs !== undefined && err.waitMs > limits.maxRetryAfterMs) {
      const asked = Math.ceil(err.waitMs / 1000);
      return new NonRetryableError(
        `${message} (it asks to wait ${asked} s, longer than the ${limits.maxRetryAfterMs / 1000} s waited at most)`,
      );
    }
    return new RetryableError(message, err.waitMs);
  }
  if (APICallError.isInstance(err)) {
    const status = err.statusCode;
    const detail = providerMessage(err);
    if (status === 401)
      return new ModelAuthError(`${provider} rejected the API key (401): ${detail}. Check the credential.`);
    if (status === 403) return new ModelAuthError(`${provider} refused access (403): ${detail}`);
    if (status === 404) return new NonRetryableError(`${provider} does not know model ${model} (404): ${detail}`);
    if (status !== undefined && status >= 400 && status < 500) {
      return new NonRetryableError(`${provider} refused the request (${status}): ${detail}`);
    }
    return new RetryableError(`${provider} failed (${status ?? "no response"}): ${detail}`);
  }
  if (err instanceof NonRetryableError || err instanceof RetryableError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RetryableError(`Model call to ${provider} failed: ${message}`);
}

/** max_tokens as AutoGPT sizes it: within the context left after the prompt and the model's output limit. */
function outputBudget(model: string, prompt: readonly ChatMessage[], asked: number | null | undefined) {
  const info = modelInfo(model);
  if (!info) return asked ?? undefined;
  const modelMax = info.maxOutputTokens ?? 2 ** 15;
  const available = Math.max(info.contextWindow - estimateTokens(prompt), 0);
  return Math.max(Math.min(available, modelMax, asked ?? modelMax), 1);
}

type ProviderOptions = Record<string, Record<string, boolean | string>>;

/** OpenAI's reasoning_effort for a model that takes it (o1-mini and non-reasoning models refuse the parameter). */
function reasoningOptions(provider: string, model: string, effort: string | undefined): ProviderOptions | undefined {
  if (!effort || provider !== "openai" || modelInfo(model)?.reasoning !== "effort") return undefined;
  return { openai: { reasoningEffort: effort } };
}

/** Provider options of several concerns, merged per provider; undefined when there are none. */
function mergeOptions(...parts: (ProviderOptions | undefined)[]): ProviderOptions | undefined {
  const merged: ProviderOptions = {};
  for (const part of parts) {
    for (const [name, options] of Object.entries(part ?? {})) merged[name] = { ...merged[name], ...options };
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/**
 * The provider options that allow or forbid several tool calls in one answer, as AutoGPT's
 * get_parallel_tool_calls_param sends them: OpenAI's `parallel_tool_calls` (not for o-series models, which refuse the
 * parameter) and Anthropic's `disable_parallel_tool_use`. Self-hosted servers get nothing: not all accept the field.
 */
function parallelToolOptions(
  provider: string,
  modelId: string,
  parallel: boolean | undefined,
): ProviderOptions | undefined {
  if (parallel === undefined) return undefined;
  if (provider === "openai" && !/^o\d/.test(modelId)) return { openai: { parallelToolCalls: parallel } };
  if (provider === "anthropic") return { anthropic: { disableParallelToolUse: !parallel } };
  return undefined;
}

/**
 * Calls the model once (429s retried inside, bounded) and records its token use on the node execution.
 * Throws ModelAuthError / ModelRefusalError / NonRetryableError / RetryableError with a user-facing message.
 *
 * @example const { text } = await llmCall(ctx, { model: "gpt-4o", credential, ollamaHost, prompt })
 */
export async function llmCall(ctx: BlockContext, request: LlmRequest): Promise<LlmResponse> {
  const limits = { ...DEFAULT_MODEL_LIMITS, ...ctx.models?.limits };
  const resolved = resolveModel(ctx, {
    model: request.model,
    credential: request.credential,
    ollamaHost: request.ollamaHost,
  });
  const { system, messages } = toModelPrompt(request.prompt);
  const tools: ToolSet | undefined =
    request.tools && request.tools.length > 0
      ? Object.fromEntries(
          request.tools.map((t) => [
            t.name,
            tool({ description: t.description, inputSchema: jsonSchema(t.parameters as never) }),
          ]),
        )
      : undefined;
  const parallel = tools
    ? parallelToolOptions(resolved.provider, resolved.modelId, request.parallelToolCalls)
    : undefined;
  const reasoning = reasoningOptions(resolved.provider, request.model, request.reasoningEffort);
  const providerOptions = mergeOptions(parallel, reasoning);
  const maxOutputTokens = outputBudget(request.model, request.prompt, request.maxTokens);
  const services = ctx.models;
  // Streaming costs the run more than one plain response: only when someone watches the text live.
  const onText =
    request.stream && services?.onText && (services.textListening?.() ?? true) ? services.onText : undefined;

  for (let attempt = 0; ; attempt++) {
    const budget = callBudget(ctx.signal, limits.callTimeoutMs);
    const signal = budget.signal;
    try {
      const common = {
        model: resolved.model,
        ...(system ? { system } : {}),
        messages,
        ...(tools ? { tools } : {}),
        ...(providerOptions ? { providerOptions } : {}),
        ...(maxOutputTokens ? { maxOutputTokens } : {}),
        maxRetries: 0,
        abortSignal: signal,
      };
      let text: string;
      let calls: ToolCallInfo[];
      let usage: { inputTokens: number | undefined; outputTokens: number | undefined };
      let finishReason: string;
      if (onText) {
        // The failure also arrives as the stream's error part, thrown and explained below. The SDK's default
        // onError would print it whole (URL, request, response headers and body, an echoed key) to the console,
        // past the logger.
        const result = streamText({ ...common, onError: ignoreStreamError });
        text = "";
        for await (const part of result.fullStream) {
          if (part.type === "text-delta") {
            text += part.text;
            onText(text);
          } else if (part.type === "error") throw part.error;
        }
        calls = toolCallInfos(await result.toolCalls);
        // A 200 with no event stream in it reads as an empty stream: fail it, as the plain call fails such a body.
        if (!text && calls.length === 0 && (await result.rawFinishReason) === undefined) {
          throw noStreamError((await result.response).headers);
        }
        usage = await result.usage;
        finishReason = await result.finishReason;
      } else {
        const result = await generateText(common);
        text = result.text;
        calls = toolCallInfos(result.toolCalls);
        usage = result.usage;
        finishReason = result.finishReason;
      }
      const inputTokens = usage.inputTokens ?? 0;
      const outputTokens = usage.outputTokens ?? 0;
      ctx.models?.recordUsage({ provider: resolved.provider, model: resolved.modelId, inputTokens, outputTokens });
      if (finishReason === "content-filter" && calls.length === 0) {
        throw new ModelRefusalError(
          `The model refused to answer (content filter)${text ? `: ${text.slice(0, 500)}` : ""}`,
        );
      }
      if (finishReason === "length" && !text && calls.length === 0) {
        throw new ModelOutputBudgetError(budgetSpentMessage(request.model, maxOutputTokens));
      }
      return {
        text,
        toolCalls: calls,
        inputTokens,
        outputTokens,
        message: assistantMessage(text, calls),
        finishReason,
      };
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
      if (err instanceof ModelRefusalError || err instanceof ModelOutputBudgetError) throw err;
      if (APICallError.isInstance(err) && err.statusCode === 429) {
        const wait = retryAfterMs(err.responseHeaders);
        const detail = providerMessage(err);
        const waitMs = wait ?? 1000 * 2 ** attempt;
        if (attempt < limits.rateLimitRetries && waitMs <= limits.maxRetryAfterMs) {
          await sleep(waitMs, ctx.signal);
          continue;
        }
        throw explain(new RateLimited(wait, detail), resolved.provider, request.model, limits, false);
      }
      throw explain(err, resolved.provider, request.model, limits, budget.timedOut());
    } finally {
      budget.release();
    }
  }
}
