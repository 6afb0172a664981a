// Local mode only: a tiny name resolver beside the runtime, so the SSRF guard can refuse host names that
// resolve to loopback, private, link-local or metadata addresses (workerd has no DNS lookup of its own).
// `npm start` and the test config start it on 127.0.0.1 and pass its URL as SSRF_RESOLVER_URL.
// GET /resolve?host=<name> → {"addresses": ["127.0.0.1", ...]} (the system resolver: /etc/hosts, then DNS).
import { lookup } from "node:dns/promises";
import { createServer } from "node:http";

/** @returns {Promise<{ url: string, close: () => void }>} */
export function startResolver() {
  const server = createServer(async (req, res) => {
    const host = new URL(req.url ?? "/", "http://resolver").searchParams.get("host") ?? "";
    let body;
    try {
      const found = await lookup(host, { all: true, verbatim: true });
      body = { addresses: found.map((a) => a.address) };
    } catch (err) {
      body = { addresses: [], error: err.code ?? String(err) };
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.unref();
      resolve({ url: `http://127.0.0.1:${port}/resolve`, close: () => server.close() });
    });
  });
}
