// The editor's MCP tool picker: list a server's tools for the signed-in user, exactly as MCPToolBlock would at run
// time. The same client (blocks/tools/mcp-connect.ts), the same SSRF guard with the operator's exemptions
// (OUTBOUND_ALLOW_HOSTS only: the server URL is the user's, so an operator endpoint's origin is no exemption), and
// the credential read from the caller's own vault only. A server that cannot be reached or refuses is an answer
// ({ok: false, message}), as a failed credential test is.
import { createSafeFetch, resolverFromEnv } from "../../blocks/runtime/safe-fetch";
import { listMcpTools, openMcpClient } from "../../blocks/tools/mcp-connect";
import { MCP_CREDENTIAL_PROVIDERS, MCP_CREDENTIAL_TYPES } from "../../blocks/tools/mcp-shapes";
import { outboundTrust } from "../../durable-objects/operator-endpoints";
import { readCredential } from "../../durable-objects/vault-read";
import { scrubSecrets } from "../credentials/scrub-secrets";
import { ApiError, notFound } from "../errors";
import type { DiscoverToolsRequest, DiscoverToolsResult } from "./discover-shapes";

/** A person is waiting on the editor: the whole listing (connect, initialise, list pages) within this. */
export const DEFAULT_DISCOVER_TIMEOUT_MS = 15_000;
/** A listing is JSON text; a server answering more than this is not one to pick tools from. */
export const DEFAULT_DISCOVER_MAX_BYTES = 2 * 1024 * 1024;

/**
 * `MCP_DISCOVER_TIMEOUT_MS` and `MCP_DISCOVER_MAX_BYTES`; an unset, non-integer or non-positive value keeps the
 * default.
 */
export function discoverLimits(env: { MCP_DISCOVER_TIMEOUT_MS?: string; MCP_DISCOVER_MAX_BYTES?: string }) {
  const positive = (raw: string | undefined, fallback: number) => {
    const n = Number(raw);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    timeoutMs: positive(env.MCP_DISCOVER_TIMEOUT_MS, DEFAULT_DISCOVER_TIMEOUT_MS),
    maxBytes: positive(env.MCP_DISCOVER_MAX_BYTES, DEFAULT_DISCOVER_MAX_BYTES),
  };
}

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => list.includes(value as T);

/**
 * The tools of `request.server_url` as `ownerId` would reach it. Unknown or another user's credential: 404; one
 * that cannot authenticate to an MCP server (another provider or type): 422.
 * @example await discoverMcpTools(env, userId, { server_url: "https://mcp.example.com/mcp" }) // {ok: true, tools: [...]}
 */
export async function discoverMcpTools(
  env: Env,
  ownerId: string,
  request: DiscoverToolsRequest,
): Promise<DiscoverToolsResult> {
  const cred = request.credentials ? await readCredential(env, ownerId, request.credentials.id) : null;
  if (request.credentials && !cred) throw notFound("Credential");
  if (cred && !(isOneOf(MCP_CREDENTIAL_PROVIDERS, cred.provider) && isOneOf(MCP_CREDENTIAL_TYPES, cred.type))) {
    throw new ApiError(
      422,
      "unsupported_credential",
      `A ${cred.provider} ${cred.type} credential cannot authenticate to an MCP server (provider mcp or http, type api_key or host_scoped)`,
    );
  }
  const limits = discoverLimits(env);
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const ctx = {
    signal,
    // The credential already read, and only that one: the client asks for it by id.
    credentials: { get: async (id: string) => (cred && cred.id === id ? cred : null) },
    fetch: createSafeFetch({
      ...outboundTrust(env),
      fetch: (r) => fetch(r),
      resolve: resolverFromEnv(env),
      maxBytes: limits.maxBytes,
      timeoutMs: limits.timeoutMs,
      maxRedirects: 5,
    }),
  };
  const secrets = cred ? Object.values(cred.secret) : [];
  const failed = (message: string): DiscoverToolsResult => ({
    ok: false,
    tools: [],
    message: scrubSecrets(message, secrets),
  });
  const open = await openMcpClient(ctx, {
    server_url: request.server_url,
    credentials: cred ? { id: cred.id } : undefined,
    auth_header: request.auth_header ?? "Authorization",
  });
  if ("error" in open) return failed(signal.aborted ? "The MCP server did not answer in time" : open.error);
  try {
    return { ok: true, tools: await listMcpTools(open.client) };
  } catch (e) {
    return failed(`Listing the tools failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await open.client.close().catch(() => undefined);
  }
}
