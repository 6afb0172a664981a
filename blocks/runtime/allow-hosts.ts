// The operator's list of private hosts outbound requests may reach (OUTBOUND_ALLOW_HOSTS): self-hosters run MCP
// servers, model servers and APIs on their own network, which the SSRF guard would otherwise refuse. Entries are
// `host` (any port) or `host:port`, comma-separated; names and IP literals are compared as the URL parser
// normalises them (`0x7f.1` is `127.0.0.1`). No wildcards: a trusted host is named, never matched by pattern.

/** One trusted host: its normalised name (IPv6 in brackets) and the one port allowed, or any port. */
export type AllowedHost = { hostname: string; port?: string };

/** `host:port` with an explicit port (the URL parser would drop a default one). */
const EXPLICIT_PORT = /^(?:\[[^\]]*\]|[^:[\]]*):(\d{1,5})$/;

const normalHost = (host: string) => host.toLowerCase().replace(/\.$/, "");

/**
 * The entries of a comma-separated list; malformed ones (and any with `*`) are left out.
 * @example parseAllowHosts("mcp.lan, 192.168.1.20:11434") // [{hostname: "mcp.lan"}, {hostname: "192.168.1.20", port: "11434"}]
 */
export function parseAllowHosts(value: string | undefined): AllowedHost[] {
  const hosts: AllowedHost[] = [];
  for (const raw of (value ?? "").split(",")) {
    // An operator may paste a URL: keep its host[:port] only.
    const entry = raw
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
      .replace(/[/?#].*$/, "");
    if (!entry || entry.includes("*") || entry.includes("@")) continue;
    let hostname: string;
    try {
      hostname = normalHost(new URL(`http://${entry}`).hostname);
    } catch {
      continue;
    }
    if (!hostname) continue;
    const port = EXPLICIT_PORT.exec(entry)?.[1];
    if (port !== undefined && Number(port) > 65535) continue;
    hosts.push(port === undefined ? { hostname } : { hostname, port: String(Number(port)) });
  }
  return hosts;
}

/**
 * Whether `url`'s host (and port, where the entry names one) is on the list.
 * @example hostAllowed(new URL("http://mcp.lan:3000/mcp"), parseAllowHosts("mcp.lan")) // true
 */
export function hostAllowed(url: URL, hosts: readonly AllowedHost[]): boolean {
  if (hosts.length === 0) return false;
  const hostname = normalHost(url.hostname);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return hosts.some((h) => h.hostname === hostname && (h.port === undefined || h.port === port));
}
