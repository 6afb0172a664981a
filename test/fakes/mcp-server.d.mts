export const FAKE_MCP_TOKEN: string;
/** Starts the fake MCP server on 127.0.0.1 (a free port by default). */
export function startMcpServer(port?: number): Promise<{ url: string; port: number; close: () => void }>;
