import { describe, expect, it } from "vitest";
import { createSafeFetch } from "../runtime/safe-fetch";
import { createTestContext } from "../runtime/test-context";
import { openMcpClient } from "./mcp-connect";

const CRED = {
  id: "cred-1",
  provider: "mcp",
  type: "api_key",
  title: "key",
  secret: { api_key: "mcp-secret-key" },
};

/** A network that records each request's URL and the key header it carried, answering from `routes`. */
function network(routes: Record<string, () => Response>) {
  const seen: { url: string; key: string | null }[] = [];
  const wire = async (request: Request) => {
    seen.push({ url: request.url, key: request.headers.get("x-token") });
    return routes[request.url]?.() ?? new Response("no", { status: 500 });
  };
  // As at run time: the SSRF-guarded fetch (which would follow redirects itself) over the wire.
  const fetch = createSafeFetch({ fetch: wire, maxBytes: 1024, timeoutMs: 2_000, maxRedirects: 5 });
  return { fetch, seen };
}

const redirect =
  (to: string, status = 307) =>
  () =>
    new Response(null, { status, headers: { location: to } });

describe("the MCP client's credential headers", () => {
  // The guarded fetch drops only the usual auth header names on a redirect to another origin, while an MCP key may
  // ride in any header (auth_header, host_scoped headers): the SDK's transport refuses such a redirect itself
  // (redirectPolicy 'same-origin'), and this keeps it so across SDK upgrades.
  it("follow a redirect within the server's origin, and a redirect to another origin is not followed", async () => {
    const { fetch, seen } = network({
      "https://mcp.example.com/mcp": redirect("https://mcp.example.com/mcp/"),
      "https://mcp.example.com/mcp/": redirect("https://elsewhere.example.net/collect"),
    });
    const ctx = createTestContext({ fetch, credentials: { get: async () => CRED } });
    const open = await openMcpClient(ctx, {
      server_url: "https://mcp.example.com/mcp",
      credentials: { id: CRED.id },
      auth_header: "X-Token",
    });
    expect(open).toEqual({ error: expect.stringMatching(/^Could not connect to the MCP server: .*not followed/) });
    expect(seen).toEqual([
      { url: "https://mcp.example.com/mcp", key: "mcp-secret-key" },
      { url: "https://mcp.example.com/mcp/", key: "mcp-secret-key" },
    ]);
  });
});
