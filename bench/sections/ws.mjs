// ws: (1) delay from a node completing (its ended_at as the engine records it) to a subscribed WebSocket client
// receiving that node's event: 20 gated10 runs, each held in review while the client subscribes, then approved so
// its 10 adds and the output complete live (workerd's clock advances at I/O, so ended_at can be a little early
// and the delay a little high); (2) 500 clients subscribed to one run (held in human review)
// all receiving its final event once the review is approved.
import { Unavailable } from "../lib/api.mjs";
import { sleep } from "../lib/platform.mjs";
import { percentile } from "../lib/results.mjs";
import { endTimeMs, FINAL, openSocket } from "../lib/ws.mjs";

const wsUrl = (ctx) => `${ctx.base.replace(/^http/, "ws")}/api/v1/ws?token=${encodeURIComponent(ctx.auth.token)}`;

/** The run's own socket (`/api/v1/executions/:id/ws`): snapshot, then node_execution / graph_execution events. */
const runSocketUrl = (ctx, runId) =>
  `${ctx.base.replace(/^http/, "ws")}/api/v1/executions/${runId}/ws?token=${encodeURIComponent(ctx.auth.token)}`;

/**
 * The same delay on the run's own socket (`via: "run"`) and on the hub (`via: "hub"`), alternating run by run so
 * both see the same machine; results under ws.run_socket.* and ws.hub.*.
 */
export async function measureRunSocketVsHub(ctx, results, runs = 20) {
  const delays = { run: [], hub: [] };
  for (let i = 0; i < runs; i++) {
    for (const via of i % 2 ? ["hub", "run"] : ["run", "hub"]) delays[via].push(...(await heldRunDelays(ctx, via)));
  }
  for (const via of ["run", "hub"]) {
    const key = via === "run" ? "ws.run_socket" : "ws.hub";
    results.put(`${key}.node_event_delay_p50_ms`, percentile(delays[via], 50));
    results.put(`${key}.node_event_delay_p99_ms`, percentile(delays[via], 99));
    results.put(`${key}.node_events`, delays[via].length);
  }
}

/** One gated10 run held in review, watched over `via`, approved: the delays of its node completions. */
async function heldRunDelays(ctx, via) {
  const runId = await startHeldRun(ctx, "gated10");
  const sock = await openSocket(via === "run" ? runSocketUrl(ctx, runId) : wsUrl(ctx));
  const delays = [];
  try {
    let snapshot;
    const gotSnapshot = new Promise((r) => {
      snapshot = r;
    });
    let final;
    const finished = new Promise((r) => {
      final = r;
    });
    sock.onEvent((ev, at) => {
      if (ev.kind === "snapshot") snapshot();
      if (ev.kind === "graph_execution_event" || ev.kind === "graph_execution") {
        snapshot();
        if (FINAL.has(ev.data?.status)) final();
      }
      if (ev.kind !== "node_execution_event" && ev.kind !== "node_execution") return;
      if (ev.data?.status !== "COMPLETED" || ev.data.node_id === "in" || ev.data.node_id === "gate") return;
      const end = endTimeMs(ev.data);
      if (end !== null) delays.push(at - end);
    });
    if (via === "hub") sock.send("subscribe_graph_execution", { graph_exec_id: runId });
    await withTimeout(gotSnapshot, 10_000, `no snapshot on the ${via} socket`);
    await approve(ctx, runId);
    await withTimeout(finished, 10_000, `no final event on the ${via} socket within 10 s of approving`);
  } finally {
    sock.close();
  }
  return delays;
}

export async function measureNodeEventDelay(ctx, results, runs = 20) {
  const delays = [];
  let missingEndTime = 0;
  for (let i = 0; i < runs; i++) {
    const runId = await startHeldRun(ctx, "gated10");
    const sock = await openSocket(wsUrl(ctx));
    try {
      let snapshot;
      const gotSnapshot = new Promise((r) => {
        snapshot = r;
      });
      let final;
      const finished = new Promise((r) => {
        final = r;
      });
      sock.onEvent((ev, at) => {
        if (ev.kind === "graph_execution_event") {
          snapshot();
          if (FINAL.has(ev.data?.status)) final();
        }
        if (ev.kind !== "node_execution_event" || ev.data?.status !== "COMPLETED") return;
        if (ev.data.node_id === "in" || ev.data.node_id === "gate") return; // finished before we subscribed
        const end = endTimeMs(ev.data);
        if (end === null) missingEndTime++;
        else delays.push(at - end);
      });
      sock.send("subscribe_graph_execution", { graph_exec_id: runId });
      await withTimeout(gotSnapshot, 10_000, "no snapshot after subscribe_graph_execution");
      await approve(ctx, runId);
      await withTimeout(finished, 10_000, "no final graph_execution_event within 10 s of approving");
    } finally {
      sock.close();
    }
  }
  if (!delays.length) throw new Unavailable(`no node_execution_event with an end time (${missingEndTime} without one)`);
  results.put("ws.node_event_delay_p50_ms", percentile(delays, 50));
  results.put("ws.node_event_delay_p99_ms", percentile(delays, 99));
  results.put("ws.node_events", delays.length);
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Unavailable(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Starts a review1 run and waits (GET, setup only) until it is held in REVIEW; returns its id. */
export async function startHeldRun(ctx, agentName = "review1") {
  const { id, shape } = await ctx.agent(agentName);
  const r = await ctx.api.execute(id, shape.body);
  if (r.status !== 202 && r.status !== 200) throw new Unavailable(`execute review1 answered ${r.status}`);
  ctx.runs++;
  const runId = r.body?.execution_id ?? r.body?.id;
  for (let i = 0; i < 100; i++) {
    const g = await ctx.api.getExecution(runId);
    if (g.body?.status === "REVIEW") return runId;
    if (FINAL.has(g.body?.status))
      throw new Unavailable(`${agentName} run ended ${g.body.status} instead of waiting in REVIEW`);
    await sleep(100);
  }
  throw new Unavailable(`${agentName} run did not reach REVIEW within 10 s`);
}

/** Approves the pending review of a run (the first pending one). */
export async function approve(ctx, runId) {
  const list = await ctx.api.call("GET", `/executions/${runId}/reviews`);
  if (list.status !== 200) throw new Unavailable(`GET reviews answered ${list.status}`);
  const items = Array.isArray(list.body) ? list.body : (list.body?.items ?? list.body?.reviews ?? []);
  const pending = items.find((x) => (x.status ?? "WAITING") !== "APPROVED") ?? items[0];
  const nodeExecId = pending?.node_exec_id ?? pending?.node_execution_id ?? pending?.id;
  if (!nodeExecId) throw new Unavailable(`no pending review in ${JSON.stringify(list.body).slice(0, 200)}`);
  const r = await ctx.api.call("POST", `/executions/${runId}/reviews/${nodeExecId}`, { approved: true });
  if (r.status >= 300) throw new Unavailable(`approve answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
}

export async function measureFanout500(ctx, results) {
  const runId = await startHeldRun(ctx);
  const N = 500;
  const sockets = [];
  const got = new Array(N).fill(null);
  const snap = new Array(N).fill(false);
  try {
    // Open in batches of 50 so the connect storm itself does not dominate.
    for (let b = 0; b < N; b += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, N - b) }, () => openSocket(wsUrl(ctx), 30_000)),
      );
      sockets.push(...batch);
    }
    sockets.forEach((s, i) => {
      s.onEvent((ev, at) => {
        snap[i] = true;
        if (ev.kind === "graph_execution_event" && FINAL.has(ev.data?.status) && got[i] === null) got[i] = at;
      });
      s.send("subscribe_graph_execution", { graph_exec_id: runId });
    });
    // Subscribers first receive the current snapshot; wait until all have it (or 10 s).
    for (let i = 0; i < 100 && snap.some((x) => !x); i++) await sleep(100);
    results.put("ws.fanout500.subscribed_with_snapshot", snap.filter(Boolean).length);
    const t0 = Date.now();
    await approve(ctx, runId);
    for (let i = 0; i < 300 && got.some((x) => x === null); i++) await sleep(50);
    const received = got.filter((x) => x !== null);
    results.put("ws.fanout500.received_final", received.length);
    if (received.length) {
      results.put(
        "ws.fanout500.final_p50_ms",
        percentile(
          received.map((x) => x - t0),
          50,
        ),
      );
      results.put("ws.fanout500.final_all_ms", Math.max(...received) - t0);
    }
  } finally {
    for (const s of sockets) s.close();
  }
}
