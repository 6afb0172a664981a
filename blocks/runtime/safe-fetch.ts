// Outbound HTTP for blocks with an SSRF guard. Every URL (the first and each redirect hop) must be
// http(s) to a public address: loopback, private, link-local, CGNAT, unique-local, multicast, unspecified,
// reserved and cloud-metadata targets are refused, however the IP is spelled (the WHATWG URL parser
// normalises decimal/octal/hex IPv4 forms; IPv4-mapped IPv6 is unwrapped). Responses are capped in
// bytes and time.
//
// Host names: in local mode (`npm start`, tests) a resolver beside the runtime (SSRF_RESOLVER_URL,
// scripts/dns-resolver.mjs) resolves every name first and any non-public address refuses the request. In
// production Workers have no DNS lookup before connect, and none is needed: a deployed Worker's fetch leaves
// through Cloudflare's edge, which does not route to private networks, loopback or link-local metadata
// services; the literal checks still apply there. A name that re-resolves between the check and the connect
// (DNS rebinding) is not caught in local mode either: local mode is for development.
// Endpoints the operator configured (provider base URLs) may be private on purpose: `trustedBases` exempts URLs
// under exactly those base URLs, and only in the fetch blocks use for the URLs they build from them (never the
// one that takes user-steered URLs); `trustedHosts` (the operator's OUTBOUND_ALLOW_HOSTS) exempts whole hosts or
// host:port pairs for every request.
import ipaddr from "ipaddr.js";
import { NonRetryableError, RetryableError } from "../contract";
import { type AllowedHost, hostAllowed } from "./allow-hosts";

export type SafeFetchOptions = {
  /** The real fetch (globalThis.fetch in the Worker, a fake in tests). */
  fetch: (input: Request) => Promise<Response>;
  /** Skip the address checks (local development only); schemes are still checked. */
  allowPrivate?: boolean;
  /** Resolves a host name to its addresses (local mode); every one must be public. */
  resolve?: (host: string) => Promise<string[]>;
  /** Largest response body accepted, in bytes. */
  maxBytes: number;
  /** Whole-request budget including redirects and reading the body. */
  timeoutMs: number;
  maxRedirects: number;
  /**
   * Base URLs the operator configured (JINA_SEARCH_URL, OPENAI_BASE_URL, ...): a URL under one (`underBase`)
   * skips the address checks, as it may be a local model server or fake. Only for a fetch that serves URLs built
   * from them: a fetch that takes user-steered URLs has none, or the operator's private origin is open to all.
   */
  trustedBases?: Iterable<string>;
  /**
   * Private hosts the operator trusts (OUTBOUND_ALLOW_HOSTS, parsed by allow-hosts.ts): a URL on one of them skips
   * the address checks, whoever chose it. Every redirect hop is checked again.
   */
  trustedHosts?: readonly AllowedHost[];
};

export const DEFAULT_SAFE_FETCH_LIMITS = { maxBytes: 10 * 1024 * 1024, timeoutMs: 30_000, maxRedirects: 5 } as const;

/**
 * Blocks' outbound limits: `OUTBOUND_MAX_BYTES` (largest response body) and `OUTBOUND_TIMEOUT_MS` (whole request,
 * redirects and body included); an unset, non-integer or non-positive value keeps the default.
 */
export function safeFetchLimitsFromEnv(env: { OUTBOUND_MAX_BYTES?: string; OUTBOUND_TIMEOUT_MS?: string }): {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
} {
  const positive = (raw: string | undefined, fallback: number) => {
    const n = Number(raw);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    maxBytes: positive(env.OUTBOUND_MAX_BYTES, DEFAULT_SAFE_FETCH_LIMITS.maxBytes),
    timeoutMs: positive(env.OUTBOUND_TIMEOUT_MS, DEFAULT_SAFE_FETCH_LIMITS.timeoutMs),
    maxRedirects: DEFAULT_SAFE_FETCH_LIMITS.maxRedirects,
  };
}

/** The request was refused by the guard or exceeded a limit. Not retryable. */
export class SafeFetchError extends NonRetryableError {
  override name = "SafeFetchError";
}

const BLOCKED_HOSTNAMES = new Set(["localhost", "metadata.google.internal", "metadata.goog", "metadata"]);

/** Public DNS names known to always resolve to loopback (a classic SSRF bypass). */
const LOOPBACK_DOMAINS = ["localtest.me", "lvh.me", "vcap.me"];

/** Wildcard DNS services that resolve `<ip>.<service>` to that IP: the embedded IP is what gets checked. */
const WILDCARD_IP_DNS = /(?:^|[.-])(\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3})\.(?:nip\.io|sslip\.io|xip\.io)$/;

const isUnder = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** Why this IP literal may not be contacted, or undefined for a public unicast address. */
function addressReason(literal: string): string | undefined {
  let address = ipaddr.parse(literal);
  if (address.kind() === "ipv6") {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) address = v6.toIPv4Address();
    // 0000::/16 holds no public unicast: ::, ::1, IPv4-compatible ::a.b.c.d and other reserved forms.
    else if (v6.parts[0] === 0) return `reserved address ${v6.toString()} is not allowed`;
  }
  const range = address.range();
  return range === "unicast" ? undefined : `${range} address ${address.toString()} is not allowed`;
}

/**
 * Why `url` may not be fetched, or undefined when it may.
 *
 * @example
 * blockedReason(new URL("http://0x7f.1/")); // "loopback address 127.0.0.1 is not allowed"
 */
export function blockedReason(url: URL, allowPrivate = false): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `scheme ${url.protocol} is not allowed`;
  if (allowPrivate) return undefined;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (!host) return "a host is required";
  if (BLOCKED_HOSTNAMES.has(host) || host.endsWith(".localhost")) return `host ${host} is not allowed`;
  if (LOOPBACK_DOMAINS.some((d) => isUnder(host, d))) return `host ${host} resolves to loopback`;
  const embedded = WILDCARD_IP_DNS.exec(host)?.[1]?.replace(/-/g, ".");
  if (embedded && ipaddr.IPv4.isValidFourPartDecimal(embedded)) {
    const reason = addressReason(embedded);
    if (reason) return `host ${host} resolves to a ${reason}`;
  }
  const literal = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return ipaddr.isValid(literal) ? addressReason(literal) : undefined;
}

/**
 * Why a host name may not be fetched once resolved: the first non-public address it resolves to. A name
 * that does not resolve is left to the fetch (it fails there).
 * @example await resolvedReason("intranet.example", resolve) // "host intranet.example resolves to a private address 10.0.0.5 is not allowed"
 */
export async function resolvedReason(
  url: URL,
  resolve: (host: string) => Promise<string[]>,
): Promise<string | undefined> {
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const literal = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (ipaddr.isValid(literal)) return undefined; // literals are checked by blockedReason
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    return `host ${host} could not be checked (${err instanceof Error ? err.message : String(err)})`;
  }
  for (const address of addresses) {
    const reason = ipaddr.isValid(address) ? addressReason(address) : `unparseable address ${address}`;
    if (reason) return `host ${host} resolves to a ${reason}`;
  }
  return undefined;
}

/**
 * The resolver of local mode (`SSRF_RESOLVER_URL`, served by scripts/dns-resolver.mjs), or undefined in
 * production, where the edge does not reach private networks.
 */
export function resolverFromEnv(
  env: { SSRF_RESOLVER_URL?: string },
  fetcher: (url: string) => Promise<Response> = (url) => fetch(url),
): ((host: string) => Promise<string[]>) | undefined {
  const base = env.SSRF_RESOLVER_URL;
  if (!base) return undefined;
  return async (host) => {
    const res = await fetcher(`${base}?host=${encodeURIComponent(host)}`);
    if (!res.ok) throw new Error(`resolver answered ${res.status}`);
    return ((await res.json()) as { addresses: string[] }).addresses;
  };
}

/** Encoded `.`, `/` or `\`: a server may decode them into a path outside the base, so they end the exemption. */
const ENCODED_SEPARATOR = /%2e|%2f|%5c|\\/i;

/**
 * Whether `url` is under the base URL `base`: same origin, and its path the base's path or below it (the URL
 * parser has already resolved `..`). A malformed base covers nothing.
 * @example underBase(new URL("http://10.0.0.9/jina/search/q"), "http://10.0.0.9/jina/search/") // true
 */
export function underBase(url: URL, base: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    return false;
  }
  if (parsed.origin !== url.origin) return false;
  const prefix = parsed.pathname.endsWith("/") ? parsed.pathname : `${parsed.pathname}/`;
  if (url.pathname === prefix || url.pathname === prefix.slice(0, -1)) return true;
  return url.pathname.startsWith(prefix) && !ENCODED_SEPARATOR.test(url.pathname.slice(prefix.length));
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A fetch with the guard and limits applied, for `ctx.fetch`.
 *
 * @example
 * const fetchGuarded = createSafeFetch({ fetch: (r) => fetch(r), ...DEFAULT_SAFE_FETCH_LIMITS });
 */
export function createSafeFetch(options: SafeFetchOptions) {
  return async function safeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    let request = new Request(input, init);
    const redirectMode = init?.redirect ?? (input instanceof Request ? input.redirect : "follow");
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    // Keep the body so a 307/308 can send it again.
    let body: ArrayBuffer | null = request.body ? await request.arrayBuffer() : null;
    let method = request.method;
    let headers = new Headers(request.headers);
    let url = new URL(request.url);

    const trustedBases = [...(options.trustedBases ?? [])];
    const trustedHosts = options.trustedHosts ?? [];
    for (let hop = 0; ; hop++) {
      const exempt =
        options.allowPrivate || trustedBases.some((base) => underBase(url, base)) || hostAllowed(url, trustedHosts);
      const reason =
        blockedReason(url, exempt) ??
        (!exempt && options.resolve ? await resolvedReason(url, options.resolve) : undefined);
      if (reason) throw new SafeFetchError(`Blocked request to ${url.origin}: ${reason}`);
      request = new Request(url, { method, headers, body, redirect: "manual", signal });
      let response: Response;
      try {
        response = await options.fetch(request);
      } catch (err) {
        if (timeout.aborted)
          throw new RetryableError(`Request to ${url.origin} timed out after ${options.timeoutMs} ms`);
        if (signal.aborted) throw err;
        // The runtime's own words for a failed connection ("internal error; reference = …") name neither the host
        // nor the likely cause.
        throw new Error(
          `Could not reach ${url.origin} (the name may not resolve or the host refused the connection): ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      }
      const location = response.headers.get("location");
      // A caller that follows redirects itself (to decide per hop which headers go along) asks for "manual".
      if (!REDIRECTS.has(response.status) || !location || redirectMode === "manual")
        return limitBody(response, options, timeout, url);
      await response.body?.cancel();
      if (hop >= options.maxRedirects)
        throw new SafeFetchError(`Too many redirects (more than ${options.maxRedirects})`);
      const next = new URL(location, url);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = method === "HEAD" ? "HEAD" : "GET";
        body = null;
        headers.delete("content-type");
        headers.delete("content-length");
      }
      if (next.origin !== url.origin) {
        // Credentials meant for one host never follow a redirect to another.
        headers = new Headers(headers);
        for (const name of ["authorization", "cookie", "proxy-authorization", "x-api-key"]) headers.delete(name);
      }
      url = next;
    }
  };
}

/** The response with its body cut off (as an error) past `maxBytes`. */
function limitBody(response: Response, options: SafeFetchOptions, timeout: AbortSignal, url: URL): Response {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    response.body?.cancel();
    throw new SafeFetchError(`Response from ${url.origin} is larger than ${options.maxBytes} bytes`);
  }
  if (!response.body) return response;
  let seen = 0;
  const limited = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (timeout.aborted) {
          controller.error(new RetryableError(`Request to ${url.origin} timed out after ${options.timeoutMs} ms`));
          return;
        }
        seen += chunk.byteLength;
        if (seen > options.maxBytes) {
          controller.error(new SafeFetchError(`Response from ${url.origin} is larger than ${options.maxBytes} bytes`));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(limited, { status: response.status, statusText: response.statusText, headers: response.headers });
}
