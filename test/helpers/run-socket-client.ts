// A test client of a run's own WebSocket (GET /api/v1/executions/:id/ws) through the Worker: every message it
// gets must parse with the shared definition (engine/run-socket-messages.ts).
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { RunSocketMessage } from "../../engine/run-socket-messages";

export type Socket = {
  messages: RunSocketMessage[];
  /** Resolves with the close code once the server closed the socket. */
  closed: Promise<number>;
  waitFor(check: (m: RunSocketMessage) => boolean, timeoutMs?: number): Promise<RunSocketMessage>;
  send(text: string): void;
  close(): void;
};

export function upgrade(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(
    new Request(`http://local.test/api/v1${path}`, { headers: { Upgrade: "websocket", ...headers } }),
  );
}

export async function connect(executionId: string, token: string, afterSeq?: number): Promise<Socket> {
  const query = new URLSearchParams({ token });
  if (afterSeq !== undefined) query.set("after_seq", String(afterSeq));
  const res = await upgrade(`/executions/${executionId}/ws?${query}`);
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const messages: RunSocketMessage[] = [];
  const waiters: (() => void)[] = [];
  const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
  ws.addEventListener("message", (event) => {
    // Every message must be one the shared definition accepts.
    messages.push(RunSocketMessage.parse(JSON.parse(String(event.data))));
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    messages,
    closed,
    async waitFor(check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(check);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no such message; got ${JSON.stringify(messages.map((m) => m.type))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    send: (text) => ws.send(text),
    close: () => ws.close(),
  };
}
