// The headers an MCP server gets from the user's vault credential: an api_key as `Authorization: Bearer <key>`
// (or the raw key in another header the node names), host_scoped headers only when the server's host is the
// credential's host (a secret never goes to a server it was not saved for).
import type { ResolvedCredentials } from "../contract";
import { hostMatches } from "../web/send-authenticated-web-request";

export type McpAuth = { headers: Record<string, string> } | { error: string };

/** @example mcpAuthHeaders(cred, new URL("https://mcp.example.com/mcp"), "Authorization") */
export function mcpAuthHeaders(cred: ResolvedCredentials, server: URL, authHeader: string): McpAuth {
  if (cred.type === "api_key") {
    const key = cred.secret.api_key ?? "";
    if (!key) return { error: `Credentials ${cred.id} have no API key` };
    const plain = authHeader.toLowerCase() === "authorization" && !/^(bearer|basic|token) /i.test(key);
    return { headers: { [authHeader]: plain ? `Bearer ${key}` : key } };
  }
  if (cred.type === "host_scoped") {
    if (!cred.host || !hostMatches(cred.host, server)) {
      return { error: `Credentials ${cred.id} are for host ${cred.host ?? "(none)"}, not ${server.hostname}` };
    }
    return { headers: { ...cred.secret } };
  }
  return { error: `Credentials of type ${cred.type} cannot authenticate to an MCP server (api_key or host_scoped)` };
}
