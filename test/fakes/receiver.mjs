// A fake webhook receiver for completion callbacks (test/notifications.test.ts): real HTTP on 127.0.0.1, reached
// through the SSRF guard only because vitest.config.ts names its host:port in OUTBOUND_ALLOW_HOSTS.
//   POST /r/<name>   records {body, signature}; a <name> starting with "flaky-" answers 503 to its first call
//   GET  /r/<name>   {calls, received: [{body, signature}]}
import { createServer } from "node:http";

export async function startReceiver() {
  /** @type {Map<string, { calls: number, received: { body: string, signature: string }[] }>} */
  const boxes = new Map();
  const server = createServer(async (req, res) => {
    const name = /^\/r\/([\w-]+)$/.exec(req.url ?? "")?.[1];
    if (!name) return void res.writeHead(404).end();
    const box = boxes.get(name) ?? { calls: 0, received: [] };
    boxes.set(name, box);
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(box));
      return;
    }
    let body = "";
    for await (const chunk of req) body += chunk;
    box.calls++;
    if (name.startsWith("flaky-") && box.calls === 1) return void res.writeHead(503).end("down");
    box.received.push({ body, signature: String(req.headers["x-agentflare-signature"] ?? "") });
    res.writeHead(200).end("ok");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
