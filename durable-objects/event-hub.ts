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
import { RunSocketRegistry } from "./run-socket-registry";
import {
  ACCESS_ENDED_CLOSE_CODE,
  maxSocketsPerUser,
  maxSubscriptionsPerSocket,
  parseGrant,
  SOCKET_CONTROL_HEADER,
  SOCKET_GRANT_HEADER,
  type SocketControl,
  type SocketGrant,
  socketAccessDenied,
} from "./socket-access";
import { graphRunFetch, graphRunStub } from "./stubs";

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
/** Storage key (synchronous KV) of the user this hub belongs to. */
const USER_KEY = "user_id";

/** The header the Worker sets after authenticating the upgrade; the hub trusts only the Worker. */
export const HUB_USER_HEADER = "x-agentflare-user";

export class EventHub extends DurableObject<Env> {
  /** Events that arrived while a socket's subscription to that run was being set up. */
  private readonly settling = new Map<WebSocket, Map<string, RunEvent[]>>();
  /** Run events and notifications received by RPC since this instance started (runs nobody watches send none). */
  eventCalls = 0;
  /** Watch records go to D1 one after another, each from the sockets' state when it runs. */
  private watchChain: Promise<void> = Promise.resolve();
  /** The user's sockets on single runs (`/executions/:id/ws`), held by the runs' objects. */
  private readonly runSockets: RunSocketRegistry;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.runSockets = new RunSocketRegistry(ctx.storage.sql);
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
    const full = await this.atCap(userId);
    if (full) return new Response(full, { status: 429 });
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
      const cap = maxSubscriptionsPerSocket(this.env);
      if (Object.keys(state.subs.runs).length >= cap) {
        return this.reply(ws, {
          method,
          success: false,
          error: `Too many subscriptions on this socket (at most ${cap}, MAX_SUBSCRIPTIONS_PER_SOCKET)`,
        });
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

  /**
   * Why one more socket is refused (MAX_SOCKETS_PER_USER counts this hub's and the user's run sockets), or null.
   * At the cap, the runs are asked first how many sockets they still hold (a closed one may not have told us).
   */
  private async atCap(userId: string): Promise<string | null> {
    const cap = maxSocketsPerUser(this.env);
    const held = () => this.ctx.getWebSockets().length + this.runSockets.count();
    if (held() < cap) return null;
    await Promise.all(
      this.runSockets.runs().map(async (runId) => {
        const open = await this.controlRun(runId, { userId });
        if (open !== undefined) this.runSockets.trim(runId, open);
      }),
    );
    return held() < cap ? null : `At most ${cap} live sockets per user (MAX_SOCKETS_PER_USER)`;
  }

  /** The Worker asks before opening a socket on one run: null when admitted (counted), else why not (429). */
  async admitRunSocket(runId: string, grant: SocketGrant): Promise<string | null> {
    const full = await this.atCap(grant.userId);
    if (full) return full;
    this.runSockets.add(runId, grant);
    // The hub's name is its user's id, but an object cannot read its own name: kept for the revoke and expiry paths.
    this.ctx.storage.kv.put(USER_KEY, grant.userId);
    if (grant.expiresAt !== undefined) await this.armExpiry(grant.expiresAt);
    return null;
  }

  /** A run socket this hub admitted closed, or its upgrade failed. */
  async releaseRunSocket(runId: string): Promise<void> {
    this.runSockets.removeOne(runId);
  }

  /** Tells a run to close the user's sockets matching `control`; answers how many stay open (undefined: no answer). */
  private async controlRun(runId: string, control: SocketControl): Promise<number | undefined> {
    try {
      const res = await graphRunFetch(
        this.env,
        runId,
        new Request("http://run.internal/socket-control", {
          method: "POST",
          headers: { [SOCKET_CONTROL_HEADER]: JSON.stringify(control) },
        }),
      );
      if (!res.ok) return undefined;
      return ((await res.json()) as { open: number }).open;
    } catch {
      return undefined;
    }
  }

  /** The API calls this when a key is revoked: every socket opened with it closes now (the runs' ones too). */
  async revokeKey(apiKeyId: string): Promise<number> {
    const runs = this.runSockets.takeByKey(apiKeyId);
    const userId = this.ctx.storage.kv.get<string>(USER_KEY);
    if (userId) await Promise.all(runs.map((runId) => this.controlRun(runId, { userId, apiKeyId })));
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
    const expiredRuns = this.runSockets.takeExpired(now);
    const userId = this.ctx.storage.kv.get<string>(USER_KEY);
    if (userId) await Promise.all(expiredRuns.map((runId) => this.controlRun(runId, { userId, expiredBy: now })));
    const runNext = this.runSockets.nextExpiry();
    if (runNext !== undefined) next = Math.min(next ?? runNext, runNext);
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
