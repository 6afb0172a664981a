// Live feeds over the multiplexed API WebSocket (AutoGPT's protocol, `/api/v1/ws`): `subscribe_graph_executions`
// for every run of a graph. One run is followed on its own socket instead (run-socket.ts). Sockets reconnect with backoff; callers
// re-read the REST resource on every (re)connect so an event gap never shows as missing state.
import { apiSocketUrl } from "./origin";
import { type Execution, ExecutionSchema, type NodeExecution, NodeExecutionSchema } from "./schemas";

export type LiveHandlers = {
  onGraph(execution: Partial<Execution> & { status: string }): void;
  onNode(nodeExecution: NodeExecution): void;
  /** Socket (re)opened and subscribed: refresh from REST. */
  onConnected(): void;
  /** Any other message (`notification`, ...) by its method name. */
  onMessage?(kind: string, data: Record<string, unknown>): void;
};

export type LiveFeed = { close(): void; readonly connected: boolean };

type Subscription = { method: string; data: Record<string, string> };

function openFeed(subscription: Subscription | null, token: string, handlers: LiveHandlers): LiveFeed {
  let socket: WebSocket | null = null;
  let closed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let subscribed = false;

  const open = () => {
    const url = apiSocketUrl("/api/v1/ws");
    url.searchParams.set("token", token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      if (subscription) ws.send(JSON.stringify(subscription));
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
      } else if (kind) handlers.onMessage?.(kind, data);
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
      // Closing a socket still connecting makes the browser log a warning: let it open, then close it.
      if (socket?.readyState === WebSocket.CONNECTING) {
        const s = socket;
        s.onopen = () => s.close();
        s.onerror = () => {};
      } else socket?.close();
    },
    get connected() {
      return subscribed;
    },
  };
}

/** Every run of one graph: graph-level events (new runs, status changes). */
export function subscribeToGraphRuns(
  graphId: string,
  token: string,
  handlers: Pick<LiveHandlers, "onGraph" | "onConnected">,
): LiveFeed {
  return openFeed({ method: "subscribe_graph_executions", data: { graph_id: graphId } }, token, {
    ...handlers,
    onNode: () => {},
  });
}

/** The user's notifications as they are created (the hub pushes them to every socket of the user). */
export function subscribeToNotifications(
  token: string,
  handlers: { onNotification(data: Record<string, unknown>): void; onConnected(): void },
): LiveFeed {
  return openFeed(null, token, {
    onGraph: () => {},
    onNode: () => {},
    onConnected: handlers.onConnected,
    onMessage: (kind, data) => {
      if (kind === "notification") handlers.onNotification(data);
    },
  });
}
