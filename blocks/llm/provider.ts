// Which AI SDK model a block talks to, and through which fetch. The operator's endpoints (OPENAI_BASE_URL,
// ANTHROPIC_BASE_URL, OLLAMA_HOST) are trusted and may be loopback; a host the graph chose (an `ollama_host` other
// than the operator's, an openai_compatible credential's base_url) goes through the run's SSRF-guarded fetch.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import { createWorkersAI } from "workers-ai-provider";
import { type BlockContext, NonRetryableError, type ResolvedCredentials } from "../contract";
import { modelInfo } from "./models";

export const PUBLIC_ENDPOINTS = {
  openaiBaseUrl: "https://api.openai.com/v1",
  anthropicBaseUrl: "https://api.anthropic.com/v1",
  /** AutoGPT's default `ollama_host`: it means "the operator's Ollama". */
  ollamaHost: "localhost:11434",
} as const;

export type ResolvedCredential = Pick<ResolvedCredentials, "id" | "provider" | "type" | "secret" | "base_url">;

export type ResolvedModel = { model: LanguageModel; provider: string; modelId: string };

/** A configuration problem the user fixes in the node or the credential (never retried). */
export class ModelConfigError extends NonRetryableError {
  override name = "ModelConfigError";
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const apiKeyOf = (credential: ResolvedCredential | null) =>
  credential?.secret.api_key ?? credential?.secret.key ?? credential?.secret.token;

/** `host:port` or a URL → the origin to call (`http://` when no scheme is given, as the Ollama client does). */
export function hostOrigin(host: string): string {
  const trimmed = host.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ModelConfigError(`Invalid Ollama host "${host}"`);
  }
  return url.origin;
}

/**
 * The AI SDK model for `model` with the node's credential.
 * @example resolveModel(ctx, { model: "gpt-4o", credential, ollamaHost: "localhost:11434" })
 */
export function resolveModel(
  ctx: BlockContext,
  request: { model: string; credential: ResolvedCredential | null; ollamaHost: string },
): ResolvedModel {
  const { model, credential } = request;
  const services = ctx.models;
  const trusted: Fetch = services ? services.operatorFetch : ctx.fetch;
  const guarded: Fetch = ctx.fetch;

  if (credential?.provider === "openai_compatible") {
    const baseURL = credential.base_url ?? credential.secret.base_url;
    if (!baseURL) throw new ModelConfigError("The openai_compatible credential has no base_url");
    const provider = createOpenAICompatible({
      name: "openai_compatible",
      baseURL: baseURL.replace(/\/+$/, ""),
      apiKey: apiKeyOf(credential),
      fetch: guarded,
      includeUsage: true,
    });
    return { model: provider.chatModel(model), provider: "openai_compatible", modelId: model };
  }

  if (model.startsWith("@cf/")) {
    if (!services?.workersAi) throw new ModelConfigError(`Model ${model} needs the Workers AI binding (AI)`);
    const workersAi = createWorkersAI({ binding: services.workersAi as Ai });
    return { model: workersAi(model as never), provider: "workers_ai", modelId: model };
  }

  const info = modelInfo(model);
  if (!info) throw new ModelConfigError(`Unknown model "${model}": pick one from the model list`);
  const modelId = model.includes("/") ? model.slice(model.indexOf("/") + 1) : model;
  if (credential && credential.provider !== info.provider) {
    throw new ModelConfigError(
      `Model ${model} needs a ${info.provider} credential, but the node has a ${credential.provider} one`,
    );
  }
  const endpoints = services?.endpoints ?? {};

  if (info.provider === "ollama") {
    const operatorHost = endpoints.ollamaHost ?? PUBLIC_ENDPOINTS.ollamaHost;
    // A credential's own endpoint wins over the node's pin; either is the user's choice unless it is the operator's.
    const asked = credential?.base_url || request.ollamaHost || PUBLIC_ENDPOINTS.ollamaHost;
    // AutoGPT trusts only its configured Ollama host; the default value of the pin means exactly that host.
    const isOperator = asked === PUBLIC_ENDPOINTS.ollamaHost || hostOrigin(asked) === hostOrigin(operatorHost);
    const origin = hostOrigin(isOperator ? operatorHost : asked);
    const provider = createOpenAICompatible({
      name: "ollama",
      baseURL: `${origin}/v1`,
      apiKey: apiKeyOf(credential),
      fetch: isOperator ? trusted : guarded,
      includeUsage: true,
    });
    return { model: provider.chatModel(modelId), provider: "ollama", modelId };
  }

  const apiKey = apiKeyOf(credential);
  if (!apiKey) throw new ModelConfigError(`Model ${model} needs ${info.provider} credentials (an API key)`);
  if (info.provider === "anthropic") {
    const provider = createAnthropic({
      baseURL: (endpoints.anthropicBaseUrl ?? PUBLIC_ENDPOINTS.anthropicBaseUrl).replace(/\/+$/, ""),
      apiKey,
      fetch: trusted,
    });
    return { model: provider(modelId), provider: "anthropic", modelId };
  }
  const provider = createOpenAI({
    baseURL: (endpoints.openaiBaseUrl ?? PUBLIC_ENDPOINTS.openaiBaseUrl).replace(/\/+$/, ""),
    apiKey,
    fetch: trusted,
  });
  return { model: provider.chat(modelId), provider: "openai", modelId };
}
