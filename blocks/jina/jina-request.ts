// What SearchTheWeb and ExtractWebsiteContent share: the Jina credentials field (AutoGPT's JinaCredentialsField),
// the endpoints (operator-configurable: JINA_SEARCH_URL / JINA_READER_URL), and a GET that returns the body as
// text the way AutoGPT's GetRequest(json=False) does, with errors a user can act on.
import { type BlockContext, NonRetryableError, type ResolvedCredentials, RetryableError } from "../contract";
import { credentialsField } from "../runtime/credentials-field";

export const JINA_SEARCH_DEFAULT = "https://s.jina.ai/";
export const JINA_READER_DEFAULT = "https://r.jina.ai/";

export const jinaCredentialsField = () =>
  credentialsField({
    providers: ["jina"],
    types: ["api_key"],
    description: "The Jina integration can be used with an API Key.",
  });

/** A base URL with exactly one trailing slash, so `${base}${path}` is well formed. */
export const withSlash = (base: string) => (base.endsWith("/") ? base : `${base}/`);

/** Python's urllib.parse.quote: percent-encodes like encodeURIComponent but keeps `/`. */
export const quote = (text: string) => encodeURIComponent(text).replace(/%2F/g, "/");

/** The Jina key of a credentials pin, or an error a user can act on. */
export async function jinaKey(ctx: BlockContext, meta: { id: string }): Promise<ResolvedCredentials> {
  const cred = await ctx.credentials.get(meta.id);
  if (!cred) throw new NonRetryableError(`Jina credentials ${meta.id} are not available (deleted, or not yours)`);
  if (!cred.secret.api_key) throw new NonRetryableError(`Credentials ${meta.id} hold no Jina API key`);
  return cred;
}

const DEFAULTS = { JINA_SEARCH_URL: JINA_SEARCH_DEFAULT, JINA_READER_URL: JINA_READER_DEFAULT } as const;

/**
 * GET `${base}${path}` with the node's Jina key (search and reader alike), the body as text; `base` is the
 * operator's `endpoint` or its public default.
 * @example await jinaGet(ctx, input.credentials, "JINA_SEARCH_URL", quote(q), "Search")
 */
export async function jinaGet(
  ctx: BlockContext,
  meta: { id: string },
  endpoint: keyof typeof DEFAULTS,
  path: string,
  what: string,
): Promise<string> {
  const cred = await jinaKey(ctx, meta);
  const base = ctx.endpoints?.[endpoint] ?? DEFAULTS[endpoint];
  // The operator's endpoint may be private: only its fetch reaches it, and only under its base (`path` is the
  // user's text).
  const endpointFetch = ctx.endpointFetch;
  const send: BlockContext["fetch"] = endpointFetch ? (input, init) => endpointFetch(endpoint, input, init) : ctx.fetch;
  return getText(
    ctx,
    `${withSlash(base)}${path}`,
    { "Content-Type": "application/json", Authorization: `Bearer ${cred.secret.api_key}` },
    what,
    send,
  );
}

/** The credentials the blocks' own test vectors use (no vault: a fixed mock key). */
export const JINA_TEST_CREDENTIALS = {
  id: "01234567-89ab-cdef-0123-456789abcdef",
  provider: "jina",
  type: "api_key",
  title: "Mock Jina API key",
};
export const jinaTestCredentials = {
  get: async (id: string) =>
    id === JINA_TEST_CREDENTIALS.id ? { ...JINA_TEST_CREDENTIALS, secret: { api_key: "mock-jina-api-key" } } : null,
};

/**
 * GET `url`, the body as text, through `send` (ctx.fetch: a user's URL unless the caller built it from an
 * operator endpoint). 429 and 5xx are retryable (the node's retry policy decides, honouring Retry-After); other
 * statuses fail with the service's message.
 */
export async function getText(
  ctx: BlockContext,
  url: string,
  headers: Record<string, string>,
  what: string,
  send: BlockContext["fetch"] = ctx.fetch,
): Promise<string> {
  const response = await send(url, { method: "GET", headers, signal: ctx.signal });
  const text = await response.text();
  if (response.ok) return text;
  const detail = `${response.status} ${response.statusText || ""}`.trim() + (text ? `: ${text.slice(0, 500)}` : "");
  if (response.status === 429 || response.status >= 500) {
    const after = Number(response.headers.get("retry-after"));
    throw new RetryableError(
      `${what} service unavailable: ${detail}`,
      Number.isFinite(after) && after > 0 ? Math.min(after, 60) * 1000 : undefined,
    );
  }
  if (response.status === 401 || response.status === 403)
    throw new NonRetryableError(`${what} request failed: ${detail} (check the Jina API key)`);
  throw new NonRetryableError(`${what} request failed: ${detail}`);
}
