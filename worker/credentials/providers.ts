// The providers the vault knows, with the names people read. Free of zod so the editor imports the same list
// (web/src/routes/credentials) instead of keeping its own.

/** Provider id → its human name. The model and search blocks use the first ones; host_scoped / user_password
 * credentials may be for any of them (`http` is the generic one of SendAuthenticatedWebRequestBlock). */
export const PROVIDER_NAMES = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  jina: "Jina",
  ollama: "Ollama",
  openai_compatible: "OpenAI-compatible server",
  groq: "Groq",
  open_router: "OpenRouter",
  llama_api: "Llama API",
  aiml_api: "AI/ML API",
  v0: "v0",
  http: "HTTP (any host)",
  smtp: "SMTP",
  e2b: "E2B",
  github: "GitHub",
  google: "Google",
  notion: "Notion",
  slack: "Slack",
  discord: "Discord",
  linear: "Linear",
  firecrawl: "Firecrawl",
  exa: "Exa",
  mcp: "MCP server",
} as const;

export type ProviderId = keyof typeof PROVIDER_NAMES;

export const PROVIDERS = Object.keys(PROVIDER_NAMES) as [ProviderId, ...ProviderId[]];

/** The API-key providers the Credentials page offers: those the model and search blocks take. */
export const API_KEY_PROVIDERS: readonly ProviderId[] = ["openai", "anthropic", "jina", "ollama", "openai_compatible"];

/** Providers whose api_key may be empty (local models) and which take a base_url. */
export const SELF_HOSTED = new Set<string>(["ollama", "openai_compatible"]);

/** @example providerName("openai_compatible") // "OpenAI-compatible server"; an unknown id is shown as is */
export const providerName = (id: string): string => PROVIDER_NAMES[id as ProviderId] ?? id;
