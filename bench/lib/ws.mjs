// WebSocket clients on /api/v1/ws (Node 24's built-in WebSocket), speaking AutoGPT's messages:
// {"method":"subscribe_graph_execution","data":{"graph_exec_id"}} / subscribe_graph_executions {graph_id};
// the server sends graph_execution_event and node_execution_event.
import { Unavailable } from "./api.mjs";

/** Opens a socket; resolves once open, rejects on error/close before open or after timeoutMs. */
export function openSocket(url, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const listeners = new Set();
    const timer = setTimeout(() => {
      ws.close();
      reject(new Unavailable(`WebSocket did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.addEventListener("open", () => {
      clearTimeout(timer);
      resolve({
        ws,
        send: (method, data) => ws.send(JSON.stringify({ method, data })),
        /** Calls fn(event, receivedAtMs) for every parsed message. */
        onEvent: (fn) => listeners.add(fn),
        close: () => ws.close(),
      });
    });
    ws.addEventListener("message", (m) => {
      const at = Date.now();
      let msg;
      try {
        msg = JSON.parse(typeof m.data === "string" ? m.data : Buffer.from(m.data).toString());
      } catch {
        return;
      }
      for (const fn of listeners) fn(normalise(msg), at);
    });
    ws.addEventListener("error", () => {
      clearTimeout(timer);
      reject(new Unavailable("WebSocket /api/v1/ws refused the connection"));
    });
  });
}

/** {kind, data}: kind is the method (AutoGPT's field) or a type/event field if the server spells it so. */
function normalise(msg) {
  return { kind: msg.method ?? msg.type ?? msg.event ?? "", data: msg.data ?? msg.payload ?? msg };
}

export const FINAL = new Set(["COMPLETED", "FAILED", "TERMINATED"]);

/** The node execution's end time (ms since epoch) from an event's data, as the engine spells it. */
export function endTimeMs(data) {
  for (const k of ["end_time", "ended_at", "endTime", "completed_at"]) {
    const v = data?.[k];
    if (typeof v === "number") return v > 1e12 ? v : v * 1000;
    if (typeof v === "string") {
      const t = Date.parse(v);
      if (Number.isFinite(t)) return t;
    }
  }
  return null;
}
