// Runs that start without a caller, timed as a user's platform runs them (`npm start` on a spare port, the last
// commit): (1) fire-to-run-start: K every-minute schedules, the real scheduled() handler invoked at a minute
// boundary through the runtime's scheduled route (start.mjs's own cron driver is off so the invoke time is known),
// delay = each run's started_at minus the invoke time (tick + queue batching + consumer + start); (2) webhook
// delivery vs execute: the client's round trip to the 202 (the run is recorded and started in its Durable Object
// when either answers), interleaved, same trivial graph shape.
// Usage: node bench/triggers.mjs [schedules=100] [requests=300] (schedules=0 skips part 1)
import { apiClient } from "./lib/api.mjs";
import { sleep, startPlatform } from "./lib/platform.mjs";

const K = Number(process.argv[2] ?? 100);
const N = Number(process.argv[3] ?? 300);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const STORE = "1ff065e9-88e8-4358-9d82-8dc91f622ba9";
const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";
const TRIGGER = "8fa8c167-2002-47ce-aba8-97572fc5d387";

const platform = await startPlatform({
  buildWeb: false,
  fromHead: true,
  vars: {
    RATE_LIMIT_PER_MINUTE: "100000000",
    WEBHOOK_RATE_LIMIT_PER_MINUTE: "100000000",
    SCHEDULES_PER_USER: "100000",
  },
  extraEnv: { NO_CRON: "1" },
});
const out = {};
try {
  const api = apiClient(platform.base);
  await api.signIn();
  const node = (block_id, input_default) => ({ id: crypto.randomUUID(), block_id, input_default, metadata: {} });
  const store = node(STORE, { input: "hi" });
  const storeOut = node(OUTPUT, { name: "o" });
  const plain = await api.createAgent({
    name: "plain",
    nodes: [store, storeOut],
    links: [{ source_id: store.id, source_name: "output", sink_id: storeOut.id, sink_name: "value" }],
  });
  const hookNode = node(TRIGGER, {});
  const hookOut = node(OUTPUT, { name: "o" });
  const hooked = await api.createAgent({
    name: "hooked",
    nodes: [hookNode, hookOut],
    links: [{ source_id: hookNode.id, source_name: "payload", sink_id: hookOut.id, sink_name: "value" }],
  });
  const hook = (await api.call("GET", `/webhooks?graph_id=${hooked.id}`)).body.items[0];
  const { secret } = (await api.call("POST", `/webhooks/${hook.id}/secret`)).body;

  // (2) webhook vs execute, interleaved, after a warm-up.
  const deliver = () =>
    fetch(hook.url.replace(/^https?:\/\/[^/]+/, platform.base), {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: '{"hello":"world"}',
    }).then(async (r) => {
      await r.text();
      if (r.status !== 202) throw new Error(`webhook answered ${r.status}`);
    });
  const execute = () =>
    api.execute(plain.id, { inputs: {} }).then((r) => {
      if (r.status !== 202) throw new Error(`execute answered ${r.status}`);
    });
  const timed = async (fn) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  for (let i = 0; i < 30; i++) {
    await deliver();
    await execute();
  }
  const hookMs = [];
  const execMs = [];
  for (let i = 0; i < N; i++) {
    if (i % 2 === 0) {
      hookMs.push(await timed(deliver));
      execMs.push(await timed(execute));
    } else {
      execMs.push(await timed(execute));
      hookMs.push(await timed(deliver));
    }
  }
  out.webhook_202_p50_ms = +pct(hookMs, 50).toFixed(1);
  out.webhook_202_p99_ms = +pct(hookMs, 99).toFixed(1);
  out.execute_202_p50_ms = +pct(execMs, 50).toFixed(1);
  out.execute_202_p99_ms = +pct(execMs, 99).toFixed(1);
  out.webhook_vs_execute_p50 = +(pct(hookMs, 50) / pct(execMs, 50)).toFixed(2);
  console.error(`[triggers] webhook/execute done (${N} each)`);

  // (1) fire-to-run-start (skipped with 0 schedules: it waits for the next minute boundary).
  if (K > 0) await fireToRunStart(api, plain);
  console.log(JSON.stringify(out));
} finally {
  await platform.stop();
}

async function fireToRunStart(api, plain) {
  for (let i = 0; i < K; i++) {
    const r = await api.call("POST", `/graphs/${plain.id}/schedules`, { name: `s${i}`, cron: "* * * * *" });
    if (r.status !== 201) throw new Error(`schedule answered ${r.status} ${JSON.stringify(r.body)}`);
  }
  const minute = Math.ceil(Date.now() / 60_000) * 60_000;
  await sleep(minute - Date.now() + 20);
  const invokedAt = Date.now();
  const fired = await fetch(
    `${platform.base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}&time=${minute}`,
  );
  const tickMs = Date.now() - invokedAt;
  if (!fired.ok) throw new Error(`scheduled route answered ${fired.status}`);
  let runs = [];
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    runs = [];
    let cursor;
    do {
      const page = (await api.call("GET", `/executions?trigger=schedule&limit=100${cursor ? `&cursor=${cursor}` : ""}`))
        .body;
      runs.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    if (runs.length >= K && runs.every((r) => r.started_at)) break;
    await sleep(250);
  }
  const delays = runs.filter((r) => r.started_at).map((r) => Date.parse(r.started_at) - invokedAt);
  out.schedules = K;
  out.scheduled_runs_seen = delays.length;
  out.tick_http_ms = tickMs;
  out.fire_to_run_start_p50_ms = pct(delays, 50);
  out.fire_to_run_start_p99_ms = pct(delays, 99);
  out.fire_to_run_start_max_ms = Math.max(...delays);
}
