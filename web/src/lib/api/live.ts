// The live run feed over the API WebSocket (AutoGPT's protocol): subscribe to one graph execution and
// receive graph_execution_event / node_execution_event. Reconnects with backoff; the caller re-reads the
// REST snapshot on every (re)connect so no event gap is ever shown as missing state.
import { type Execution, ExecutionSchema, type NodeExecution, NodeExecutionSchema } from "./schemas";

export type LiveHandlers = {
  onGraph(execution: Partial<Execution> & { status: string }): void;
  onNode(nodeExecution: NodeExecution): void;
  /** Socket (re)opened and subscribed: refresh from REST. */
  onConnected(): void;
};

export type LiveFeed = { close(): void; readonly connected: boolean };

export function subscribeToRun(executionId: string, token: string, handlers: LiveHandlers): LiveFeed {
  let socket: WebSocket | null = null;
  let closed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let subscribed = false;

  const open = () => {
    const url = new URL("/api/v1/ws", location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("token", token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      ws.send(JSON.stringify({ method: "subscribe_graph_execution", data: { graph_exec_id: executionId } }));
      subscribed = true;
      handlers.onConnected();
    };
    ws.onmessage = (msg) => {
      let parsed: { method?: string; event?: string; data?: unknown };
      try {
        parsed = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      const kind = parsed.method ?? parsed.event;
      const data = (parsed.data ?? parsed) as Record<string, unknown>;
      if (kind === "node_execution_event") {
        const node = NodeExecutionSchema.safeParse(data);
        if (node.success) handlers.onNode(node.data);
      } else if (kind === "graph_execution_event") {
        const graph = ExecutionSchema.safeParse({ graph_id: "", ...data });
        if (graph.success) {
          handlers.onGraph(graph.data);
          for (const n of graph.data.nodeExecutions) handlers.onNode(n);
        } else if (typeof data.status === "string") {
          handlers.onGraph({ status: data.status });
        }
      }
    };
    ws.onclose = () => {
      subscribed = false;
      if (closed) return;
      attempt++;
      retryTimer = setTimeout(open, Math.min(10_000, 500 * 2 ** attempt));
    };
  };
  open();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
    get connected() {
      return subscribed;
    },
  };
}
