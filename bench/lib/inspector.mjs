// The V8 inspector of our Worker's isolate (the Worker and its Durable Objects run in it), driven over the Chrome
// DevTools Protocol to take CPU profiles.

/**
 * The DevTools endpoint of our Worker: wrangler's inspector proxy on the port the bench gave it. (The runtime's own
 * inspector accepts one session, which wrangler holds; a second client is dropped at once.)
 */
export async function workerInspectorUrl(inspectorPort) {
  const res = await fetch(`http://127.0.0.1:${inspectorPort}/json/list`, { signal: AbortSignal.timeout(5000) });
  const list = await res.json();
  const t = Array.isArray(list) ? list[0] : null;
  if (!t?.webSocketDebuggerUrl) throw new Error(`no inspector target on port ${inspectorPort}`);
  return t.webSocketDebuggerUrl;
}

/** A minimal CDP client: send(method, params) -> result. */
export async function cdp(wsUrl) {
  // wrangler's proxy wants a local Origin (Node's WebSocket sends a User-Agent and no Origin); undici takes headers.
  const ws = new WebSocket(wsUrl, { headers: { Origin: "http://127.0.0.1" } });
  await new Promise((res, rej) => {
    ws.addEventListener("open", res, { once: true });
    ws.addEventListener("error", () => rej(new Error(`inspector ${wsUrl} refused`)), { once: true });
  });
  let id = 0;
  const pending = new Map();
  ws.addEventListener("message", (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(msg.error.message));
      else resolve(msg.result);
    }
  });
  // The runtime restarts (and drops us) when wrangler rebuilds the Worker: fail pending calls instead of hanging.
  ws.addEventListener("close", () => {
    for (const { reject } of pending.values()) reject(new Error("inspector connection closed (runtime restarted?)"));
    pending.clear();
  });
  return {
    send(method, params = {}) {
      const n = ++id;
      ws.send(JSON.stringify({ id: n, method, params }));
      return new Promise((resolve, reject) => pending.set(n, { resolve, reject }));
    },
    close: () => ws.close(),
  };
}
