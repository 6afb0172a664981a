// A fake MCP server (streamable HTTP, stateless, @modelcontextprotocol/sdk's own server) on 127.0.0.1, for the tool
// picker's route (test/mcp-discover-tools.test.ts): loopback, so only OUTBOUND_ALLOW_HOSTS lets the guard reach it.
//   /mcp           no authentication; tools `echo` and `add`, listed over two pages (a cursor)
//   /private/mcp   needs `Authorization: Bearer fake-mcp-token` (or `X-API-Key: fake-mcp-token`); tool `secret_tool`.
//                  A wrong key gets 401 with the key echoed in the body, so tests can check it is cut out.
import { createServer } from "node:http";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

export const FAKE_MCP_TOKEN = "fake-mcp-token";

const TOOLS = {
  "/mcp": [
    [
      {
        name: "echo",
        description: "Echoes the text back",
        inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      },
    ],
    [
      {
        name: "add",
        description: "Adds two numbers",
        inputSchema: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
          required: ["a", "b"],
        },
      },
    ],
  ],
  "/private/mcp": [
    [
      {
        name: "secret_tool",
        description: "Only for holders of the key",
        inputSchema: { type: "object", properties: {} },
      },
    ],
  ],
};

/** One server per request (stateless mode): the listing's pages by cursor, and calls that answer their arguments. */
function mcpServer(pages) {
  const server = new Server({ name: "fake-mcp", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const page = Number(request.params?.cursor ?? 0);
    const next = page + 1 < pages.length ? String(page + 1) : undefined;
    return { tools: pages[page] ?? [], ...(next ? { nextCursor: next } : {}) };
  });
  server.setRequestHandler(CallToolRequestSchema, (request) => ({
    content: [{ type: "text", text: JSON.stringify(request.params.arguments ?? {}) }],
  }));
  return server;
}

const authorised = (req) =>
  req.headers.authorization === `Bearer ${FAKE_MCP_TOKEN}` || req.headers["x-api-key"] === FAKE_MCP_TOKEN;

/** Starts the fake MCP server on 127.0.0.1 (a free port by default). */
export function startMcpServer(port = 0) {
  const http = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const pages = TOOLS[path];
    if (!pages) {
      res.writeHead(404).end("not found");
      return;
    }
    if (path === "/private/mcp" && !authorised(req)) {
      const given = req.headers["x-api-key"] ?? req.headers.authorization ?? "";
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: `bad key ${given}` }));
      return;
    }
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString("utf8");
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const server = mcpServer(pages);
    res.on("close", () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, text ? JSON.parse(text) : undefined);
  });
  return new Promise((resolve) => {
    http.listen(port, "127.0.0.1", () => {
      // Never what keeps vitest (or the process that started it) alive.
      http.unref();
      const { port: bound } = /** @type {import("node:net").AddressInfo} */ (http.address());
      resolve({ url: `http://127.0.0.1:${bound}`, port: bound, close: () => http.close() });
    });
  });
}
