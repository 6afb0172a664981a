import { z } from "zod";
import { type BlockContext, defineBlock, type ResolvedCredentials } from "../contract";
import { credentialsField } from "../runtime/credentials-field";
import { sendWebRequestBlock } from "./send-web-request";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Headers of the user's own that do not follow a redirect to another origin (as the SSRF-guarded fetch does). */
const ORIGIN_BOUND = ["authorization", "cookie", "proxy-authorization", "x-api-key"];

/** AutoGPT's HostScopedCredentials.matches_url: the exact host, or any subdomain for a `*.domain` pattern. */
export function hostMatches(pattern: string, url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const want = pattern.toLowerCase();
  if (want.startsWith("*.")) return host.endsWith(want.slice(1)) && host.length > want.length - 1;
  return host === want;
}

/**
 * ctx.fetch with the credential's headers added on every hop whose host matches (the user's own headers win,
 * as in AutoGPT), following redirects here so a secret header never rides a redirect to another host.
 */
function hostScopedFetch(ctx: BlockContext, cred: ResolvedCredentials): BlockContext["fetch"] {
  return async (input, init) => {
    const first = new Request(input, init);
    let method = first.method;
    let body: ArrayBuffer | null = first.body ? await first.arrayBuffer() : null;
    let userHeaders = new Headers(first.headers);
    let url = new URL(first.url);
    for (let hop = 0; ; hop++) {
      const headers = new Headers(userHeaders);
      if (cred.host && hostMatches(cred.host, url)) {
        for (const [name, value] of Object.entries(cred.secret)) if (!headers.has(name)) headers.set(name, value);
      }
      const response = await ctx.fetch(url, { method, headers, body, redirect: "manual", signal: init?.signal });
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || !location) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new Error(`Too many redirects (more than ${MAX_REDIRECTS})`);
      const next = new URL(location, url);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = method === "HEAD" ? "HEAD" : "GET";
        body = null;
        userHeaders.delete("content-type");
      }
      if (next.origin !== url.origin) {
        userHeaders = new Headers(userHeaders);
        for (const name of ORIGIN_BOUND) userHeaders.delete(name);
      }
      url = next;
    }
  };
}

const TEST_CREDENTIAL: ResolvedCredentials = {
  id: "01234567-89ab-cdef-0123-456789abcdef",
  provider: "http",
  type: "host_scoped",
  title: "Mock HTTP Host-Scoped Credentials",
  host: "api.example.com",
  secret: { Authorization: "Bearer test-token", "X-API-Key": "test-api-key" },
};
const TEST_INPUT = { id: TEST_CREDENTIAL.id, provider: "http", type: "host_scoped", title: TEST_CREDENTIAL.title };
const testCredentials = { get: async (id: string) => (id === TEST_CREDENTIAL.id ? TEST_CREDENTIAL : null) };

/** A fake server answering with the auth headers it received. */
const echoAuth = async (url: string | URL | Request, init?: RequestInit) => {
  const req = new Request(url, init);
  return Response.json({
    host: new URL(req.url).hostname,
    authorization: req.headers.get("authorization"),
    api_key: req.headers.get("x-api-key"),
  });
};

export const sendAuthenticatedWebRequestBlock = defineBlock({
  id: "fff86bcd-e001-4bad-a7f6-2eae4720c8dc",
  name: "SendAuthenticatedWebRequestBlock",
  description:
    "Make an authenticated HTTP request with host-scoped credentials (JSON / form / multipart). The credential's headers go only to its host; private, loopback and cloud-metadata addresses are refused.",
  categories: ["OUTPUT"],
  input: sendWebRequestBlock.input.extend({
    credentials: credentialsField({
      providers: ["http"],
      types: ["host_scoped"],
      description: "HTTP host-scoped credentials for automatic header injection",
      discriminator: { field: "url" },
    }),
  }),
  output: z.object({
    response: z.unknown().describe("The response from the server"),
    client_error: z.unknown().describe("Errors on 4xx status codes"),
    server_error: z.unknown().describe("Errors on 5xx status codes"),
  }),
  async *run(input, ctx) {
    const cred = await ctx.credentials.get(input.credentials.id);
    if (cred?.type !== "host_scoped") {
      yield ["error", `Credentials ${input.credentials.id} are not available (host_scoped credentials required)`];
      return;
    }
    if (cred.host && !hostMatches(cred.host, new URL(input.url, "invalid:/"))) {
      ctx.logger.warn("host-scoped credentials do not match the URL", { credentials_id: cred.id, host: cred.host });
    }
    const { credentials: _meta, ...request } = input;
    yield* sendWebRequestBlock.run(request, { ...ctx, fetch: hostScopedFetch(ctx, cred) });
  },
  tests: [
    {
      name: "the credential's headers go to its host",
      input: { url: "https://api.example.com/me", method: "GET", credentials: TEST_INPUT },
      ctx: { credentials: testCredentials, fetch: echoAuth },
      expect: [["response", { host: "api.example.com", authorization: "Bearer test-token", api_key: "test-api-key" }]],
    },
    {
      name: "and never to another host",
      input: { url: "https://other.example.com/me", method: "GET", credentials: TEST_INPUT },
      ctx: { credentials: testCredentials, fetch: echoAuth },
      expect: [["response", { host: "other.example.com", authorization: null, api_key: null }]],
    },
    {
      name: "the user's own header wins over the credential's",
      input: {
        url: "https://api.example.com/me",
        method: "GET",
        headers: { Authorization: "Bearer mine" },
        credentials: TEST_INPUT,
      },
      ctx: { credentials: testCredentials, fetch: echoAuth },
      expect: [["response", { host: "api.example.com", authorization: "Bearer mine", api_key: "test-api-key" }]],
    },
    {
      name: "a redirect to another host loses the credential's headers",
      input: { url: "https://api.example.com/go", method: "GET", credentials: TEST_INPUT },
      ctx: {
        credentials: testCredentials,
        fetch: async (url, init) => {
          const req = new Request(url, init);
          if (new URL(req.url).pathname === "/go")
            return new Response(null, { status: 302, headers: { location: "https://evil.example.net/x" } });
          return echoAuth(url, init);
        },
      },
      expect: [["response", { host: "evil.example.net", authorization: null, api_key: null }]],
    },
    {
      name: "unknown credentials are an error output",
      input: { url: "https://api.example.com/me", method: "GET", credentials: { ...TEST_INPUT, id: "missing" } },
      ctx: { credentials: testCredentials, fetch: echoAuth },
      expect: [["error", (m: unknown) => String(m).includes("not available")]],
    },
  ],
});
