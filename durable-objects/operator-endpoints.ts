// The service endpoints the operator configured (JINA_SEARCH_URL, OPENAI_BASE_URL, ...; see the README's
// Configuration table) as blocks see them (ctx.endpoints), and their origins, which the SSRF guard lets through
// even when loopback or private: the operator chose them. A user's own URL is never on this list, unless its host
// is one the operator named in OUTBOUND_ALLOW_HOSTS (private hosts of a self-hoster's network).
import { OPERATOR_ENDPOINTS, type OperatorEndpoints } from "../blocks/contract";
import { type AllowedHost, parseAllowHosts } from "../blocks/runtime/allow-hosts";

type Resolved = {
  endpoints: OperatorEndpoints;
  trustedOrigins: ReadonlySet<string>;
  trustedHosts: readonly AllowedHost[];
};

const cache = new WeakMap<object, Resolved>();

/** @example const { endpoints, trustedOrigins, trustedHosts } = operatorEndpoints(env); */
export function operatorEndpoints(env: Env): Resolved {
  let resolved = cache.get(env);
  if (!resolved) {
    const endpoints: Record<string, string> = {};
    const trustedOrigins = new Set<string>();
    const vars = env as unknown as Record<string, unknown>;
    for (const name of OPERATOR_ENDPOINTS) {
      const value = vars[name];
      if (typeof value !== "string" || value.trim() === "") continue;
      try {
        const url = new URL(value.trim());
        if (url.protocol !== "http:" && url.protocol !== "https:") continue;
        endpoints[name] = value.trim();
        trustedOrigins.add(url.origin);
      } catch {
        // A malformed value is ignored: the block falls back to the public default.
      }
    }
    const allow = vars.OUTBOUND_ALLOW_HOSTS;
    resolved = { endpoints, trustedOrigins, trustedHosts: parseAllowHosts(typeof allow === "string" ? allow : "") };
    cache.set(env, resolved);
  }
  return resolved;
}

/**
 * What the SSRF guard exempts in this deployment, for `createSafeFetch`: the operator's endpoints and hosts.
 * @example createSafeFetch({ ...outboundTrust(env), fetch, ...DEFAULT_SAFE_FETCH_LIMITS })
 */
export function outboundTrust(env: Env): Pick<Resolved, "trustedOrigins" | "trustedHosts"> {
  const { trustedOrigins, trustedHosts } = operatorEndpoints(env);
  return { trustedOrigins, trustedHosts };
}
