// The service endpoints the operator configured (JINA_SEARCH_URL, OPENAI_BASE_URL, ...; see the README's
// Configuration table) as blocks see them (ctx.endpoints), and their origins, which the SSRF guard lets through
// even when loopback or private: the operator chose them. A user's own URL is never on this list.
import { OPERATOR_ENDPOINTS, type OperatorEndpoints } from "../blocks/contract";

type Resolved = { endpoints: OperatorEndpoints; trustedOrigins: ReadonlySet<string> };

const cache = new WeakMap<object, Resolved>();

/** @example const { endpoints, trustedOrigins } = operatorEndpoints(env); */
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
    resolved = { endpoints, trustedOrigins };
    cache.set(env, resolved);
  }
  return resolved;
}
