// One object per user holding that user's live WebSockets (hibernatable: idle sockets cost nothing).
// It speaks AutoGPT's protocol: subscribe_graph_execution {graph_exec_id}, subscribe_graph_executions
// {graph_id}, unsubscribe, heartbeat. Run objects push their events here after each commit; a new
// subscriber first gets the run's snapshot, then every later event in order (each run numbers its
// events, so an event racing the snapshot is dropped or held back, never shown out of order).
import { DurableObject } from "cloudflare:workers";
import { log } from "../engine/log";
import type { RunView } from "../engine/views";
import type { GraphRun } from "./graph-run";
import { recordGraphWatch, WATCH_LEVEL, type WatchLevel } from "./graph-watch";
import {
  ACCESS_ENDED_CLOSE_CODE,
  maxSocketsPerUser,
  SOCKET_GRANT_HEADER,
  type SocketGrant,
  socketAccessDenied,
} from "./socket-access";
import { graphRunStub } from "./stubs";

/** One message from a run: a graph_execution_event or node_execution_event with the run's event number. */
export type RunEvent = {
  /** node_text_stream: an AI node's text so far while it generates (not a state change: no seq of its own). */
  method: "graph_execution_event" | "node_execution_event" | "node_text_stream";
  graph_exec_id: string;
  graph_id: string;
  seq: number;
  data: Record<string, unknown>;
};

type Subscriptions = { runs: Record<string, number>; graphs: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SUBSCRIPTIONS = 200;

/** The header the Worker sets after authenticating the upgrade; the hub trusts only the Worker. */
export const HUB_USER_HEADER = "x-agentflare-user";

export class EventHub extends DurableObject<Env> {
  /** Events that arrived while a socket's subscription to that run was being set up. */
  private readonly settling = new Map<WebSocket, Map<string, RunEvent[]>>();
  /** Run events and notifications received by RPC since this instance started (runs nobody watches send none). */
  eventCalls = 0;
  /** Watch records go to D1 one after another, each from the sockets' state when it runs. */
  private watchChain: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // AutoGPT clients ping with exactly this message; the runtime answers it without waking the object.
    ctx.setWebSocketAutoResponse(
      new WebSocketRequestResponsePair(
        JSON.stringify({ method: "heartbeat", data: "ping" }),
        JSON.stringify({ method: "heartbeat", data: "pong", success: true }),
      ),
    );
  }

  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(HUB_USER_HEADER);
    if (!userId || request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const cap = maxSocketsPerUser(this.env);
    if (this.ctx.getWebSockets().length >= cap) {
      return new Response(`At most ${cap} live sockets per user (MAX_SOCKETS_PER_USER)`, { status: 429 });
    }
    const grant = parseGrant(request.headers.get(SOCKET_GRANT_HEADER), userId);
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [userId]);
    server.serializeAttachment({ userId, grant, subs: { runs: {}, graphs: [] } satisfies Subscriptions });
    // The socket closes when its token expires: the alarm fires at the earliest expiry.
    if (grant.expiresAt !== undefined) await this.armExpiry(grant.expiresAt);
    // Recorded before the upgrade is answered, so a run ending from now on pushes its notification here.
    await this.syncWatch(userId);
    const offered = (request.headers.get("sec-websocket-protocol") ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const chosen = offered.find((p) => !p.startsWith("bearer.")) ?? offered[0];
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: chosen ? { "Sec-WebSocket-Protocol": chosen } : {},
    });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    let message: { method?: unknown; data?: Record<string, unknown> };
    try {
      message = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
    } catch {
      return this.reply(ws, { method: "error", success: false, error: "Messages must be JSON" });
    }
    const method = message.method;
    const data = message.data ?? {};
    const state = ws.deserializeAttachment() as { userId: string; grant?: SocketGrant; subs: Subscriptions };
    if (method === "heartbeat") return this.reply(ws, { method: "heartbeat", data: "pong", success: true });
    // Every other message re-checks the credential: a revoked key or an expired token ends the socket.
    const denied = await socketAccessDenied(this.env.DB, state.grant ?? { userId: state.userId });
    if (denied) {
      this.reply(ws, { method: "error", success: false, error: `Access ended: ${denied}` });
      ws.close(ACCESS_ENDED_CLOSE_CODE, `Access ended: ${denied}`);
      return;
    }

    if (method === "subscribe_graph_execution") {
      const execId = String(data.graph_exec_id ?? "");
      if (!UUID.test(execId)) return this.reply(ws, { method, success: false, error: "Unknown graph execution" });
      if (Object.keys(state.subs.runs).length >= MAX_SUBSCRIPTIONS) {
        return this.reply(ws, { method, success: false, error: "Too many subscriptions on this socket" });
      }
      const held = new Map(this.settling.get(ws));
      held.set(execId, []);
      this.settling.set(ws, held);
      const stub = graphRunStub(this.env, execId);
      let snapshot: Awaited<ReturnType<GraphRun["subscribe"]>>;
      try {
        snapshot = await stub.subscribe(state.userId, this.ctx.id.toString());
      } catch {
        snapshot = null;
      }
      const pending = this.settling.get(ws)?.get(execId) ?? [];
      this.settling.get(ws)?.delete(execId);
      if (!snapshot) return this.reply(ws, { method, success: false, error: "Unknown graph execution" });
      const fresh = ws.deserializeAttachment() as { userId: string; subs: Subscriptions };
      fresh.subs.runs[execId] = snapshot.seq;
      ws.serializeAttachment(fresh);
      this.reply(ws, { method, success: true, channel: `${state.userId}|graph_exec#${execId}` });
      this.sendSnapshot(ws, snapshot.run, snapshot.seq);
      for (const event of pending) this.deliverTo(ws, event);
      return;
    }

    if (method === "subscribe_graph_executions") {
      const graphId = String(data.graph_id ?? "");
      if (!graphId) return this.reply(ws, { method, success: false, error: "graph_id is required" });
      if (!state.subs.graphs.includes(graphId)) state.subs.graphs.push(graphId);
      ws.serializeAttachment(state);
      // Recorded before the reply, so a run started after it announces itself here.
      await this.syncWatch(state.userId);
      return this.reply(ws, { method, success: true, channel: `${state.userId}|graph#${graphId}|executions` });
    }

    if (method === "unsubscribe") {
      const execId = typeof data.graph_exec_id === "string" ? data.graph_exec_id : undefined;
      const graphId = typeof data.graph_id === "string" ? data.graph_id : undefined;
      if (execId) delete state.subs.runs[execId];
      if (graphId) state.subs.graphs = state.subs.graphs.filter((g) => g !== graphId);
      ws.serializeAttachment(state);
      if (graphId) await this.syncWatch(state.userId);
      return this.reply(ws, { method, success: true });
    }
    this.reply(ws, { method: "error", success: false, error: `Unknown method ${String(method)}` });
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    this.settling.delete(ws);
    await this.syncWatch(this.userOf(ws), ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.settling.delete(ws);
    await this.syncWatch(this.userOf(ws), ws);
  }

  private userOf(ws: WebSocket): string | undefined {
    return (ws.deserializeAttachment() as { userId: string } | null)?.userId;
  }

  /** Records in D1 who listens here (a socket open, one watching graphs), when that changed (graph-watch.ts). */
  private syncWatch(userId: string | undefined, leaving?: WebSocket): Promise<void> {
    if (!userId) return this.watchChain;
    this.watchChain = this.watchChain
      .then(async () => {
        const open = this.ctx.getWebSockets().filter((ws) => ws !== leaving);
        const graphs = open.some(
          (ws) => ((ws.deserializeAttachment() as { subs: Subscriptions } | null)?.subs.graphs.length ?? 0) > 0,
        );
        const level: WatchLevel = graphs
          ? WATCH_LEVEL.graphs
          : open.length > 0
            ? WATCH_LEVEL.sockets
            : WATCH_LEVEL.none;
        if (this.ctx.storage.kv.get<WatchLevel>("watch_level") === level) return;
        await recordGraphWatch(this.env.DB, userId, level);
        this.ctx.storage.kv.put("watch_level", level);
      })
      .catch((err) => {
        const error = err instanceof Error ? err.message : String(err);
        log(this.env, "error", "graph watch record failed", { error });
      });
    return this.watchChain;
  }

  /** The API calls this when a key is revoked: every socket opened with it closes now. */
  async revokeKey(apiKeyId: string): Promise<number> {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets()) {
      const grant = (ws.deserializeAttachment() as { grant?: SocketGrant } | null)?.grant;
      if (grant?.apiKeyId !== apiKeyId) continue;
      ws.close(ACCESS_ENDED_CLOSE_CODE, "Access ended: API key revoked");
      closed++;
    }
    return closed;
  }

  /** Closes sockets whose token has expired, then waits for the next expiry. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    let next: number | undefined;
    for (const ws of this.ctx.getWebSockets()) {
      const expiresAt = (ws.deserializeAttachment() as { grant?: SocketGrant } | null)?.grant?.expiresAt;
      if (expiresAt === undefined) continue;
      if (expiresAt <= now) ws.close(ACCESS_ENDED_CLOSE_CODE, "Access ended: token expired");
      else next = Math.min(next ?? expiresAt, expiresAt);
    }
    if (next !== undefined) await this.ctx.storage.setAlarm(next);
  }

  private async armExpiry(expiresAt: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || expiresAt < current) await this.ctx.storage.setAlarm(expiresAt);
  }

  /** Called by run objects after they commit. Events of one run arrive in order. */
  async deliver(events: RunEvent[]): Promise<void> {
    this.eventCalls++;
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    // Every socket here belongs to the same user, so each event is encoded once for all of them.
    const encoded = new Map<RunEvent, string>();
    for (const ws of sockets) {
      for (const event of events) this.deliverTo(ws, event, encoded);
    }
  }

  /** A notification for this user (run finished, review needed): sent to every open socket. */
  async notify(notification: Record<string, unknown>): Promise<void> {
    this.eventCalls++;
    const text = JSON.stringify({ method: "notification", data: notification });
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // The socket closed meanwhile; the close handler cleans up.
      }
    }
  }

  private deliverTo(ws: WebSocket, event: RunEvent, encoded?: Map<RunEvent, string>): void {
    const held = this.settling.get(ws)?.get(event.graph_exec_id);
    if (held) {
      held.push(event);
      return;
    }
    const state = ws.deserializeAttachment() as { userId: string; subs: Subscriptions } | null;
    if (!state) return;
    // Events numbered up to the snapshot's are already in it; later ones arrive in commit order.
    const snapshotSeq = state.subs.runs[event.graph_exec_id];
    const byRun =
      snapshotSeq !== undefined &&
      (event.seq > snapshotSeq || (event.method === "node_text_stream" && event.seq === snapshotSeq));
    const byGraph = event.method === "graph_execution_event" && state.subs.graphs.includes(event.graph_id);
    if (!byRun && !byGraph) return;
    let text = encoded?.get(event);
    if (text === undefined) {
      const channel = `${state.userId}|graph_exec#${event.graph_exec_id}`;
      text = JSON.stringify({ method: event.method, channel, seq: event.seq, data: event.data });
      encoded?.set(event, text);
    }
    try {
      ws.send(text);
    } catch {
      // The socket closed meanwhile; the close handler cleans up.
    }
  }

  private sendSnapshot(ws: WebSocket, run: RunView, seq: number): void {
    const { node_executions, ...graph } = run;
    const channel = `${(ws.deserializeAttachment() as { userId: string }).userId}|graph_exec#${run.id}`;
    this.send(ws, { method: "graph_execution_event", channel, seq, data: graph });
    for (const node of node_executions) this.send(ws, { method: "node_execution_event", channel, seq, data: node });
  }

  private reply(ws: WebSocket, message: Record<string, unknown>): void {
    this.send(ws, message);
  }

  private send(ws: WebSocket, message: Record<string, unknown>): void {
    try {
      ws.send(JSON.stringify(message));
    } catch {
      // The socket closed meanwhile; the close handler cleans up.
    }
  }
}

/** The grant header the Worker set (it authenticated the upgrade); the user id always comes from the Worker. */
function parseGrant(header: string | null, userId: string): SocketGrant {
  try {
    const raw = JSON.parse(header ?? "{}") as { apiKeyId?: unknown; expiresAt?: unknown };
    return {
      userId,
      apiKeyId: typeof raw.apiKeyId === "string" ? raw.apiKeyId : undefined,
      expiresAt: typeof raw.expiresAt === "number" ? raw.expiresAt : undefined,
    };
  } catch {
    return { userId };
  }
}
