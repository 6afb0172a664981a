// One run followed on its own WebSocket (`/api/v1/executions/:id/ws`): a snapshot, then every event in order.
// Messages are parsed with the server's own definition (engine/run-socket-messages.ts); a dropped socket
// reconnects with `after_seq` so nothing is lost or shown twice. The server closes the socket once the run is final.
import { RunSocketMessage } from "../../../../engine/run-socket-messages";
import { apiSocketUrl } from "./origin";
import { type Execution, ExecutionSchema, type NodeExecution, NodeExecutionSchema } from "./schemas";

export type RunSocketHandlers = {
  /** The whole run (first message, or after a resume the server could not serve from its log). */
  onSnapshot(execution: Execution): void;
  onGraph(execution: Execution): void;
  onNode(nodeExecution: NodeExecution): void;
  /** An AI node's text so far while it generates (at most 20 a second per node; not kept by the server). */
  onText?(text: { nodeExecId: string; nodeId: string; text: string }): void;
};

export type RunSocket = { close(): void; readonly connected: boolean };

const FINAL = new Set(["COMPLETED", "FAILED", "TERMINATED"]);

/** @example const socket = followRun(id, token, { onSnapshot, onGraph, onNode }); … socket.close(); */
export function followRun(executionId: string, token: string, handlers: RunSocketHandlers): RunSocket {
  let socket: WebSocket | null = null;
  let closed = false;
  let finished = false;
  let attempt = 0;
  let lastSeq: number | undefined;
  let open = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    const url = apiSocketUrl(`/api/v1/executions/${encodeURIComponent(executionId)}/ws`);
    url.searchParams.set("token", token);
    if (lastSeq !== undefined) url.searchParams.set("after_seq", String(lastSeq));
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      open = true;
    };
    ws.onmessage = (event) => {
      let message: RunSocketMessage;
      try {
        message = RunSocketMessage.parse(JSON.parse(String(event.data)));
      } catch {
        return; // not a message of this protocol
      }
      if (message.type === "pong") return;
      if (message.type === "node_text_stream") {
        // Not a numbered event: resuming never depends on it.
        handlers.onText?.({
          nodeExecId: message.data.node_exec_id,
          nodeId: message.data.node_id,
          text: message.data.text,
        });
        return;
      }
      lastSeq = message.seq;
      if (message.type === "snapshot") {
        const execution = ExecutionSchema.parse(message.data);
        if (FINAL.has(execution.status)) finished = true;
        handlers.onSnapshot(execution);
      } else if (message.type === "node_execution") {
        handlers.onNode(NodeExecutionSchema.parse(message.data));
      } else {
        if (FINAL.has(message.data.status)) finished = true;
        handlers.onGraph(ExecutionSchema.parse(message.data));
      }
    };
    ws.onclose = () => {
      open = false;
      if (closed || finished) return;
      attempt++;
      retryTimer = setTimeout(connect, Math.min(10_000, 250 * 2 ** attempt));
    };
  };
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
    get connected() {
      return open;
    },
  };
}
