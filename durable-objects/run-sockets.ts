// The run's own WebSockets (`GET /api/v1/executions/:id/ws`), held by its GraphRun with the hibernation API: an
// idle socket costs nothing and stays open while the object is evicted (a run waiting in review, on a long delay).
// A client first gets the run's snapshot, then every event in commit order, numbered by the run's `seq`.
//
// Resuming (`?after_seq=N`) needs the events a client missed, so from the first socket on a run keeps its events in
// a side table (`socket_events`) and numbers every message. A run that never had a socket keeps nothing, builds no
// event and pays nothing per event.

import { env } from "cloudflare:workers";
import {
  RUN_SOCKET_PING,
  RUN_SOCKET_PONG,
  type RunEventMessage,
  type RunSocketMessage,
  type RunTextStreamMessage,
} from "../engine/run-socket-messages";
import { isFinal } from "../engine/status";
import type { RunView } from "../engine/views";
import type { RunRow } from "./run-store";
import {
  ACCESS_ENDED_CLOSE_CODE,
  controlEnds,
  parseGrant,
  SOCKET_CONTROL_HEADER,
  SOCKET_GRANT_HEADER,
  type SocketControl,
  type SocketGrant,
  socketAccessDenied,
} from "./socket-access";

/** What each socket carries across hibernation: the run and the credential it was opened with. */
type Attachment = { runId: string; grant: SocketGrant };

/** The header the Worker sets after authenticating the upgrade; the run object trusts only the Worker. */
export const RUN_SOCKET_USER_HEADER = "x-agentflare-user";
/** Storage key (synchronous KV) of the first event number the log holds the successors of. */
const LOG_FROM_KEY = "socket_log_from";
const CREATE_LOG = `CREATE TABLE IF NOT EXISTS socket_events (seq INTEGER PRIMARY KEY, message TEXT NOT NULL)`;

export class RunSockets {
  /** The event log exists: events are numbered, kept and sent. Undefined until first asked (one lookup). */
  private logging: boolean | undefined;
  /** The earliest token expiry among the open sockets (Infinity: none); undefined until first needed. */
  private nextExpiry: number | undefined;

  /** `stored`: the object already held a run when it started (a new run's object cannot have sockets yet). */
  constructor(
    private readonly ctx: DurableObjectState,
    stored: boolean,
  ) {
    if (!stored) this.logging = false;
    else this.heartbeats();
  }

  /** Whether the run must build and publish its events for sockets (a socket was opened on it at some point). */
  get active(): boolean {
    this.logging ??= this.ctx.storage.kv.get<number>(LOG_FROM_KEY) !== undefined;
    return this.logging;
  }

  /**
   * Accepts a socket for `userId` (404 for someone else's run), then sends the snapshot (or, resuming after
   * `after_seq`, every event since), then the events as they commit. `snapshot` builds the view synchronously
   * before its first await, so it reflects event `run.eventSeq` as of the call.
   */
  async connect(request: Request, run: RunRow | undefined, snapshot: () => Promise<RunView>): Promise<Response> {
    const control = request.headers.get(SOCKET_CONTROL_HEADER);
    if (control !== null) return this.control(parseControl(control));
    const userId = request.headers.get(RUN_SOCKET_USER_HEADER);
    if (!userId || request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    if (!run || run.ownerId !== userId) return new Response(null, { status: 404 });
    const from = this.startLog(run.eventSeq);
    const after = afterSeq(new URL(request.url).searchParams.get("after_seq"));
    // The log holds every event after `from`: a resume from there on needs no snapshot.
    const resume = after !== null && after >= from && after <= run.eventSeq;
    let since = after ?? 0;
    let first: RunSocketMessage | undefined;
    if (!resume) {
      since = run.eventSeq;
      // Events committed while the snapshot's large outputs are fetched are in the log and follow it.
      first = { type: "snapshot", seq: since, data: await snapshot() };
    }
    this.heartbeats();
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    const grant = parseGrant(request.headers.get(SOCKET_GRANT_HEADER), userId);
    server.serializeAttachment({ runId: run.executionId, grant } satisfies Attachment);
    if (grant.expiresAt !== undefined && this.nextExpiry !== undefined) {
      this.nextExpiry = Math.min(this.nextExpiry, grant.expiresAt);
    }
    if (first) send(server, JSON.stringify(first));
    for (const row of this.ctx.storage.sql.exec<{ message: string }>(
      `SELECT message FROM socket_events WHERE seq > ? ORDER BY seq`,
      since,
    )) {
      send(server, row.message);
    }
    if (isFinal(run.status)) server.close(1000, "Run finished");
    const protocol = chosenProtocol(request);
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
    });
  }

  /**
   * Keeps and sends one commit's events (called inside the commit's transaction, so the log and the run's state
   * commit together; the runtime holds the messages until that write is durable). A final run closes its sockets.
   */
  publish(events: readonly RunEventMessage[]): void {
    if (events.length === 0) return;
    const sockets = this.withoutExpired(Date.now());
    let final = false;
    for (const event of events) {
      const text = JSON.stringify(event);
      this.ctx.storage.sql.exec(`INSERT OR REPLACE INTO socket_events (seq, message) VALUES (?, ?)`, event.seq, text);
      for (const ws of sockets) send(ws, text);
      if (event.type === "graph_execution" && isFinal(event.data.status)) final = true;
    }
    if (final) for (const ws of sockets) close(ws, 1000, "Run finished");
  }

  /** A socket is open on the run right now (hibernated ones count). */
  get listening(): boolean {
    return this.ctx.getWebSockets().length > 0;
  }

  /** A message only the sockets open now get: not numbered, not kept in the log (live text). */
  sendTransient(message: RunTextStreamMessage): void {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const text = JSON.stringify(message);
    for (const ws of sockets) send(ws, text);
  }

  /** The run was deleted: its sockets close (its storage, the log with it, is gone). */
  closeAll(reason: string): void {
    for (const ws of this.ctx.getWebSockets()) close(ws, 1000, reason);
    this.logging = false;
  }

  message(ws: WebSocket, raw: string | ArrayBuffer): void {
    // Every message the runtime does not answer itself re-checks the credential (a revoked key, an expired token).
    void this.recheck(ws);
    // The runtime answers the exact ping text itself; this catches a ping spelled with other spacing.
    const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
    try {
      if ((JSON.parse(text) as { type?: unknown }).type === "ping") send(ws, RUN_SOCKET_PONG);
    } catch {
      // Clients send nothing else; anything unreadable is ignored.
    }
  }

  closed(ws: WebSocket, code: number, reason: string): void {
    close(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
    // A socket closed for its access was already taken off the hub's count by the hub itself.
    const attached = attachmentOf(ws);
    if (attached && code !== ACCESS_ENDED_CLOSE_CODE) void release(attached);
  }

  /** The hub's request (key revoked, token expired, or counting at the cap): closes what it names. */
  private control(control: SocketControl): Response {
    let open = 0;
    for (const ws of this.ctx.getWebSockets()) {
      const attached = attachmentOf(ws);
      if (!attached || attached.grant.userId !== control.userId) continue;
      const ended = controlEnds(attached.grant, control);
      if (ended) close(ws, ACCESS_ENDED_CLOSE_CODE, `Access ended: ${ended}`);
      else open++;
    }
    this.nextExpiry = undefined;
    return Response.json({ open });
  }

  /** The open sockets, after closing those whose token has expired (cheap: one comparison until one expires). */
  private withoutExpired(now: number): WebSocket[] {
    const sockets = this.ctx.getWebSockets();
    if (this.nextExpiry !== undefined && this.nextExpiry > now) return sockets;
    let next = Number.POSITIVE_INFINITY;
    const open: WebSocket[] = [];
    for (const ws of sockets) {
      const expiresAt = attachmentOf(ws)?.grant.expiresAt;
      if (expiresAt !== undefined && expiresAt <= now) {
        close(ws, ACCESS_ENDED_CLOSE_CODE, "Access ended: token expired");
        continue;
      }
      if (expiresAt !== undefined) next = Math.min(next, expiresAt);
      open.push(ws);
    }
    this.nextExpiry = next;
    return open;
  }

  private async recheck(ws: WebSocket): Promise<void> {
    const attached = attachmentOf(ws);
    if (!attached) return;
    try {
      const denied = await socketAccessDenied(env.DB, attached.grant);
      if (denied) close(ws, ACCESS_ENDED_CLOSE_CODE, `Access ended: ${denied}`);
    } catch {
      // D1 unreachable: the hub's push (revocation) and the expiry check still close it.
    }
  }

  /** Starts the event log (once per run): the first event it keeps follows `seq`. Answers where it starts. */
  private startLog(seq: number): number {
    const from = this.ctx.storage.kv.get<number>(LOG_FROM_KEY);
    if (from !== undefined) {
      this.logging = true;
      return from;
    }
    this.ctx.storage.sql.exec(CREATE_LOG);
    this.ctx.storage.kv.put(LOG_FROM_KEY, seq);
    this.logging = true;
    return seq;
  }

  private heartbeats(): void {
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(RUN_SOCKET_PING, RUN_SOCKET_PONG));
  }
}

function parseControl(header: string): SocketControl {
  const raw = JSON.parse(header) as Partial<SocketControl>;
  return {
    userId: String(raw.userId ?? ""),
    apiKeyId: typeof raw.apiKeyId === "string" ? raw.apiKeyId : undefined,
    expiredBy: typeof raw.expiredBy === "number" ? raw.expiredBy : undefined,
  };
}

function attachmentOf(ws: WebSocket): Attachment | undefined {
  try {
    return (ws.deserializeAttachment() as Attachment | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Tells the user's hub a socket it admitted has closed (best effort: the hub recounts at the cap). */
async function release({ runId, grant }: Attachment): Promise<void> {
  try {
    await env.EVENT_HUB.get(env.EVENT_HUB.idFromName(grant.userId)).releaseRunSocket(runId);
  } catch {
    // The hub asks the run for its count when it next reaches the cap.
  }
}

function afterSeq(raw: string | null): number | null {
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/** Browsers drop a connection whose answer does not echo one offered protocol; `bearer.*` carries the token. */
function chosenProtocol(request: Request): string | undefined {
  const offered = (request.headers.get("sec-websocket-protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return offered.find((p) => !p.startsWith("bearer.")) ?? offered[0];
}

function send(ws: WebSocket, text: string): void {
  try {
    ws.send(text);
  } catch {
    // The socket closed meanwhile; the runtime forgets it.
  }
}

function close(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed.
  }
}
