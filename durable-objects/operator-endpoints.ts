// The service endpoints the operator configured (JINA_SEARCH_URL, OPENAI_BASE_URL, ...; see the README's
// Configuration table) as blocks see them (ctx.endpoints), and what the SSRF guard exempts. The endpoints may be
// loopback or private (the operator chose them), but only for the requests blocks build from each one, under
// its base URL (`endpointTrust`, ctx.endpointFetch). A user-steered URL (`outboundTrust`, ctx.fetch) is exempt
// only on a host the operator named in OUTBOUND_ALLOW_HOSTS (private hosts of a self-hoster's network), even when
// it names an endpoint's origin: otherwise every user could call any path of the operator's private model server.
import { OPERATOR_ENDPOINTS, type OperatorEndpoint, type OperatorEndpoints } from "../blocks/contract";
import { type AllowedHost, parseAllowHosts } from "../blocks/runtime/allow-hosts";

type Resolved = { endpoints: OperatorEndpoints; trustedHosts: readonly AllowedHost[] };

const cache = new WeakMap<object, Resolved>();

/** @example const { endpoints, trustedHosts } = operatorEndpoints(env); */
export function operatorEndpoints(env: Env): Resolved {
  let resolved = cache.get(env);
  if (!resolved) {
    const endpoints: Record<string, string> = {};
    const vars = env as unknown as Record<string, unknown>;
    for (const name of OPERATOR_ENDPOINTS) {
      const value = vars[name];
      if (typeof value !== "string" || value.trim() === "") continue;
      try {
        const url = new URL(value.trim());
        if (url.protocol !== "http:" && url.protocol !== "https:") continue;
        endpoints[name] = value.trim();
      } catch {
        // A malformed value is ignored: the block falls back to the public default.
      }
    }
    const allow = vars.OUTBOUND_ALLOW_HOSTS;
    resolved = { endpoints, trustedHosts: parseAllowHosts(typeof allow === "string" ? allow : "") };
    cache.set(env, resolved);
  }
  return resolved;
}

/**
 * What the SSRF guard exempts for a user-steered URL (ctx.fetch, MCP tool listing, key tests of a user's base
 * URL): the operator's OUTBOUND_ALLOW_HOSTS only.
 * @example createSafeFetch({ ...outboundTrust(env), fetch, ...DEFAULT_SAFE_FETCH_LIMITS })
 */
export function outboundTrust(env: Env): Pick<Resolved, "trustedHosts"> {
  return { trustedHosts: operatorEndpoints(env).trustedHosts };
}

/**
 * What the SSRF guard exempts for a URL a block built from the endpoint `name` (ctx.endpointFetch): besides the
 * allowed hosts, URLs under that endpoint's base URL (safe-fetch.ts `underBase`), not under the others.
 * @example createSafeFetch({ ...endpointTrust(env, "JINA_SEARCH_URL"), fetch, ...DEFAULT_SAFE_FETCH_LIMITS })
 */
export function endpointTrust(
  env: Env,
  name: OperatorEndpoint,
): { trustedBases: string[]; trustedHosts: readonly AllowedHost[] } {
  const { endpoints, trustedHosts } = operatorEndpoints(env);
  const base = endpoints[name];
  return { trustedBases: base ? [base] : [], trustedHosts };
}
