import { describe, expect, it } from "vitest";
import { hostAllowed, parseAllowHosts } from "./allow-hosts";
import { createSafeFetch } from "./safe-fetch";

describe("OUTBOUND_ALLOW_HOSTS", () => {
  it("parses host and host:port entries, normalised as the URL parser does, and drops malformed ones", () => {
    expect(
      parseAllowHosts(" MCP.lan , 192.168.1.20:11434,http://10.0.0.7:3000/mcp, [FD00::1]:80, 0x7f.1:9000"),
    ).toEqual([
      { hostname: "mcp.lan" },
      { hostname: "192.168.1.20", port: "11434" },
      { hostname: "10.0.0.7", port: "3000" },
      { hostname: "[fd00::1]", port: "80" },
      { hostname: "127.0.0.1", port: "9000" },
    ]);
    expect(parseAllowHosts("*, *.lan, a b, user@host, host:99999, , ")).toEqual([]);
    expect(parseAllowHosts(undefined)).toEqual([]);
  });

  it("matches the host, and the port where the entry names one (default ports counted)", () => {
    const hosts = parseAllowHosts("mcp.lan, 192.168.1.20:11434, [fd00::1]:80");
    expect(hostAllowed(new URL("http://mcp.lan:3000/x"), hosts)).toBe(true);
    expect(hostAllowed(new URL("https://MCP.LAN./x"), hosts)).toBe(true);
    expect(hostAllowed(new URL("http://192.168.1.20:11434/"), hosts)).toBe(true);
    expect(hostAllowed(new URL("http://192.168.1.20/"), hosts)).toBe(false);
    expect(hostAllowed(new URL("http://[fd00::1]/"), hosts)).toBe(true);
    expect(hostAllowed(new URL("https://[fd00::1]/"), hosts)).toBe(false);
    expect(hostAllowed(new URL("http://sub.mcp.lan/"), hosts)).toBe(false);
    expect(hostAllowed(new URL("http://192.168.1.21:11434/"), hosts)).toBe(false);
  });

  it("exempts listed hosts from the SSRF guard on every hop, and only those", async () => {
    const seen: string[] = [];
    const fetch = async (req: Request) => {
      seen.push(req.url);
      if (req.url === "http://10.0.0.7:3000/start")
        return new Response(null, { status: 302, headers: { location: "http://10.0.0.8/" } });
      return new Response("ok");
    };
    const guarded = createSafeFetch({
      fetch,
      maxBytes: 1024,
      timeoutMs: 2_000,
      maxRedirects: 3,
      trustedHosts: parseAllowHosts("10.0.0.7:3000"),
    });
    expect(await (await guarded("http://10.0.0.7:3000/mcp")).text()).toBe("ok");
    await expect(guarded("http://10.0.0.7:3001/mcp")).rejects.toThrow(/private address 10\.0\.0\.7/);
    // A listed host redirecting to one that is not listed: refused at that hop.
    await expect(guarded("http://10.0.0.7:3000/start")).rejects.toThrow(/Blocked request to http:\/\/10\.0\.0\.8/);
    expect(seen).toEqual(["http://10.0.0.7:3000/mcp", "http://10.0.0.7:3000/start"]);
  });
});
