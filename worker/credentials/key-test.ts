// "Test this key": one cheap authenticated request to the credential's provider (its model list), through the
// same endpoints and the same SSRF guard a model call of a run uses, answered as {ok} or {ok: false, message}.
// The secret goes only into the request's auth header; the message is the provider's status and a short reason
// with the secret cut out.
import { hostOrigin, PUBLIC_ENDPOINTS } from "../../blocks/llm/provider";
import { createSafeFetch, resolverFromEnv, SafeFetchError } from "../../blocks/runtime/safe-fetch";
import { modelLimits } from "../../durable-objects/model-services";
import { outboundTrust } from "../../durable-objects/operator-endpoints";
import { readCredential } from "../../durable-objects/vault-read";
import { ApiError, notFound } from "../errors";
import { scrubSecrets } from "./scrub-secrets";
import type { CredentialTestResult } from "./shapes";

/** A test never waits longer than this (or MODEL_CALL_TIMEOUT_MS when that is lower): a person is waiting. */
const TEST_TIMEOUT_MS = 10_000;
/** How much of a failed answer is read for its reason. */
const REASON_BYTES = 8 * 1024;

type Probe = { url: string; headers: Record<string, string>; userSteered: boolean };

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** The request that proves the key works, or why this credential has none. */
function probeFor(
  env: Env,
  cred: { provider: string; type: string; secret: Record<string, string>; base_url?: string },
): Probe | string {
  if (cred.type !== "api_key") return `A ${cred.type} credential cannot be tested; only API keys can`;
  const vars = env as unknown as Record<string, string | undefined>;
  const key = cred.secret.api_key;
  const bearer: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  switch (cred.provider) {
    case "openai":
      return {
        url: `${trimSlash(vars.OPENAI_BASE_URL || PUBLIC_ENDPOINTS.openaiBaseUrl)}/models`,
        headers: bearer,
        userSteered: false,
      };
    case "anthropic":
      return {
        url: `${trimSlash(vars.ANTHROPIC_BASE_URL || PUBLIC_ENDPOINTS.anthropicBaseUrl)}/models`,
        headers: { ...(key ? { "x-api-key": key } : {}), "anthropic-version": "2023-06-01" },
        userSteered: false,
      };
    case "openai_compatible":
      if (!cred.base_url) return "This openai_compatible credential has no base_url to test";
      return { url: `${trimSlash(cred.base_url)}/models`, headers: bearer, userSteered: true };
    case "ollama": {
      // As blocks/llm/provider.ts decides: the default host means the operator's Ollama, any other is the user's.
      const operatorHost = vars.OLLAMA_HOST || PUBLIC_ENDPOINTS.ollamaHost;
      const asked = cred.base_url || PUBLIC_ENDPOINTS.ollamaHost;
      const isOperator = asked === PUBLIC_ENDPOINTS.ollamaHost || hostOrigin(asked) === hostOrigin(operatorHost);
      const origin = hostOrigin(isOperator ? operatorHost : asked);
      return { url: `${origin}/v1/models`, headers: bearer, userSteered: !isOperator };
    }
    case "jina":
      return "Jina has no free request to check a key with; run a search block to try it";
    default:
      return `Testing ${cred.provider} keys is not supported`;
  }
}

/** The first bytes of a body as text (a provider's error can be large or endless). */
async function headText(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < REASON_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all.subarray(0, REASON_BYTES));
}

/** The provider's own error message when it sent one (OpenAI, Anthropic and Ollama shapes), else the text. */
function reasonOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const inner = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message);
    if (typeof inner === "string" && inner) return inner;
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Tests the owner's credential `id` against its provider. Unknown or another user's id: 404; a credential with
 * no test (jina, host_scoped, ...): 422.
 * @example const result = await testCredential(env, userId, id); // {ok: true, provider: "openai", status: 200}
 */
export async function testCredential(env: Env, ownerId: string, id: string): Promise<CredentialTestResult> {
  const cred = await readCredential(env, ownerId, id);
  if (!cred) throw notFound("Credential");
  const probe = probeFor(env, cred);
  if (typeof probe === "string") throw new ApiError(422, "not_testable", probe);
  const secrets = Object.values(cred.secret);
  const provider = cred.provider;
  const timeoutMs = Math.min(TEST_TIMEOUT_MS, modelLimits(env).callTimeoutMs ?? TEST_TIMEOUT_MS);
  const timeout = AbortSignal.timeout(timeoutMs);
  // User-steered hosts take the path a run's model call takes (ctx.fetch): the SSRF guard, exempt only on
  // OUTBOUND_ALLOW_HOSTS (a base URL on the operator's endpoint origin is no exemption). The operator's own
  // endpoints are called directly, as blocks do (they may be loopback).
  const send = probe.userSteered
    ? createSafeFetch({
        fetch: (request) => fetch(request),
        resolve: resolverFromEnv(env),
        ...outboundTrust(env),
        maxBytes: 1024 * 1024,
        timeoutMs,
        maxRedirects: 0,
      })
    : (input: string, init: RequestInit) => fetch(input, init);
  let res: Response;
  try {
    // No redirects: a key is never sent on to another address.
    res = await send(probe.url, { headers: probe.headers, redirect: "manual", signal: timeout });
  } catch (err) {
    const message =
      err instanceof SafeFetchError
        ? err.message
        : timeout.aborted
          ? `${provider} did not answer within ${timeoutMs / 1000} s`
          : `Could not reach ${new URL(probe.url).origin}: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, provider, message: scrubSecrets(message, secrets) };
  }
  if (res.ok) {
    await res.body?.cancel();
    return { ok: true, provider, status: res.status };
  }
  const reason = scrubSecrets(await headText(res).then(reasonOf, () => ""), secrets);
  const what =
    res.status === 401
      ? `${provider} rejected the API key (401)`
      : res.status === 403
        ? `${provider} refused access (403)`
        : res.status >= 300 && res.status < 400
          ? `${provider} answered ${res.status} (a redirect: check the base URL)`
          : `${provider} answered ${res.status}`;
  return { ok: false, provider, status: res.status, message: reason ? `${what}: ${reason}` : what };
}
