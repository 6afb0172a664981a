// Monitoring analytics kept incrementally by the run index: after a mix of completed, completed-with-errors,
// failed, terminated and model-calling runs, every figure of GET /api/v1/analytics/... equals a recount from
// the run records (index rows and run views); a final row written again never counts twice; other users'
// runs stay out; admins see across users; /metrics speaks Prometheus to an admin or the metrics token.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { writeIndexRow } from "../durable-objects/run-index";
import type { RunRow } from "../durable-objects/run-store";
import { runSummary } from "../durable-objects/run-views";
import { durationBucket, QUANTILE_RELATIVE_ERROR } from "../engine/duration-histogram";
import { MAX_AGENTS, MAX_USERS } from "../worker/analytics/report";
import type { AnalyticsReport } from "../worker/analytics/shapes";
import { runStub } from "../worker/executions/run-stub";
import { BLOCK, createGraph, getRun, graphJson, newUser, type RunBody, uid } from "./engine-helpers";
import { adminSession, api } from "./helpers/auth";

const AI_TEXT = "1f292d4a-41a4-4977-9684-7c8d560b9f91";
const FINAL = new Set(["COMPLETED", "FAILED", "TERMINATED"]);

const echoGraph = () => {
  const [input, output] = [uid("in"), uid("out")];
  return graphJson(
    "echo",
    [
      { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
      { id: output, block_id: BLOCK.output, input_default: { name: "echo" } },
    ],
    [[input, "result", output, "value"]],
  );
};
const failingGraph = () => {
  const [input, bad, out] = [uid("in"), uid("bad"), uid("out")];
  return graphJson(
    "breaks",
    [
      { id: input, block_id: BLOCK.input, input_default: { name: "message" } },
      { id: bad, block_id: BLOCK.fail, input_default: {} },
      { id: out, block_id: BLOCK.output, input_default: { name: "partial" } },
    ],
    [
      [input, "result", bad, "message"],
      [bad, "partial", out, "value"],
    ],
  );
};
const sleepGraph = () =>
  graphJson("sleepy", [{ id: uid("slow"), block_id: BLOCK.sleep, input_default: { ms: 10_000, value: 1 } }], []);

async function run(token: string, graphId: string, inputs: Record<string, unknown> = {}) {
  const res = await api(`/graphs/${graphId}/execute?wait=30`, { token, json: { inputs } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

async function report(token: string, path: string): Promise<AnalyticsReport> {
  const res = await api(path, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as AnalyticsReport;
}

type IndexRow = {
  id: string;
  graph_id: string;
  status: string;
  stats: string;
  created_at: string;
  started_at: string | null;
  ended_at: string;
};

/** Waits until the index shows every listed run final (the rollup is written in the same transaction). */
async function finalRows(userId: string, ids: string[]): Promise<IndexRow[]> {
  let rows: IndexRow[] = [];
  await expect
    .poll(
      async () => {
        const { results } = await env.DB.prepare(
          "SELECT id, graph_id, status, stats, created_at, started_at, ended_at FROM executions WHERE owner_id = ? AND parent_execution_id IS NULL",
        )
          .bind(userId)
          .all<IndexRow>();
        rows = results;
        return ids.every((id) => results.some((r) => r.id === id && FINAL.has(r.status)));
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return rows.filter((r) => FINAL.has(r.status));
}

type Recount = {
  runs: number;
  completed: number;
  completed_with_errors: number;
  failed: number;
  terminated: number;
  cost: number;
  input_tokens: number;
  output_tokens: number;
  llm_calls: number;
  node_errors: number;
  durations: number[];
};

/** The figures, counted again from the index rows. */
function recount(rows: IndexRow[]): Recount {
  const r: Recount = {
    runs: 0,
    completed: 0,
    completed_with_errors: 0,
    failed: 0,
    terminated: 0,
    cost: 0,
    input_tokens: 0,
    output_tokens: 0,
    llm_calls: 0,
    node_errors: 0,
    durations: [],
  };
  for (const row of rows) {
    const stats = JSON.parse(row.stats) as Record<string, number>;
    r.runs++;
    if (row.status === "COMPLETED") r.completed++;
    if (row.status === "COMPLETED" && (stats.node_error_count ?? 0) > 0) r.completed_with_errors++;
    if (row.status === "FAILED") r.failed++;
    if (row.status === "TERMINATED") r.terminated++;
    r.cost += stats.cost ?? 0;
    r.input_tokens += stats.input_token_count ?? 0;
    r.output_tokens += stats.output_token_count ?? 0;
    r.llm_calls += stats.llm_call_count ?? 0;
    r.node_errors += stats.node_error_count ?? 0;
    r.durations.push(Date.parse(row.ended_at) - Date.parse(row.started_at ?? row.created_at));
  }
  return r;
}

/** Nearest-rank quantile, exact. */
const exactQuantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1] as number;

function expectTotalsMatch(totals: AnalyticsReport["totals"], r: Recount) {
  expect(totals).toMatchObject({
    runs: r.runs,
    completed: r.completed,
    completed_with_errors: r.completed_with_errors,
    failed: r.failed,
    terminated: r.terminated,
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    llm_calls: r.llm_calls,
    node_errors: r.node_errors,
    success_rate: (r.completed - r.completed_with_errors) / r.runs,
  });
  expect(totals.cost).toBeCloseTo(r.cost, 9);
  expect(totals.duration_avg_ms).toBeCloseTo(r.durations.reduce((a, b) => a + b, 0) / r.runs, 0);
  for (const [q, got] of [
    [0.5, totals.duration_p50_ms],
    [0.95, totals.duration_p95_ms],
  ] as const) {
    const exact = exactQuantile(r.durations, q);
    // The reported quantile is the middle of the exact value's bucket: within the stated bound.
    expect(durationBucket(got as number)).toBe(durationBucket(exact));
    if (exact >= 1)
      expect(Math.abs((got as number) - exact) / exact).toBeLessThanOrEqual(QUANTILE_RELATIVE_ERROR + 0.001);
  }
}

describe("analytics", () => {
  it("equal a recount from the run records after a mix of completed, failed and terminated runs", async () => {
    const { token, userId } = await newUser();
    const echo = await createGraph(token, echoGraph());
    const breaks = await createGraph(token, failingGraph());
    const sleepy = await createGraph(token, sleepGraph());
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await run(token, echo.id, { text: `hi ${i}` }));
    ids.push(await run(token, breaks.id, { message: "it broke" }));
    // The last error of a block is the latest one's.
    ids.push(await run(token, breaks.id, { message: "broke again" }));

    // FAILED: the loop guard with a limit of one node execution.
    const failedId = crypto.randomUUID();
    const started = await runStub(env, failedId).start({
      executionId: failedId,
      ownerId: userId,
      graphId: echo.id,
      graphVersion: 1,
      graph: echoGraph(),
      inputs: { text: "x" },
      options: { maxNodeExecutions: 1 },
    });
    expect(started).toMatchObject({ ok: true });
    ids.push(failedId);

    // TERMINATED: cancelled while it sleeps.
    const res = await api(`/graphs/${sleepy.id}/execute`, { token, json: { inputs: {} } });
    const { execution_id: sleeping } = (await res.json()) as { execution_id: string };
    expect((await api(`/executions/${sleeping}/cancel`, { token, method: "POST" })).status).toBe(200);
    ids.push(sleeping);

    // A model call: tokens and cost.
    const key = await api("/credentials", {
      token,
      json: { provider: "openai", type: "api_key", title: "key", api_key: `sk-${crypto.randomUUID()}` },
    });
    const cred = (await key.json()) as { id: string; provider: string; type: string; title: string };
    const [gen, out] = [uid("gen"), uid("out")];
    const ai = await createGraph(
      token,
      graphJson(
        "ai",
        [
          {
            id: gen,
            block_id: AI_TEXT,
            input_default: {
              prompt: "Hello",
              model: "gpt-4o-mini",
              retry: 1,
              credentials: { id: cred.id, provider: cred.provider, type: cred.type, title: cred.title },
            },
          },
          { id: out, block_id: BLOCK.output, input_default: { name: "answer" } },
        ],
        [[gen, "response", out, "value"]],
      ),
    );
    ids.push(await run(token, ai.id));

    // Someone else's runs stay out of this user's figures.
    const other = await newUser();
    const theirs = await createGraph(other.token, echoGraph());
    const otherRun = await run(other.token, theirs.id, { text: "theirs" });

    const rows = await finalRows(userId, ids);
    expect(rows.map((r) => r.status).sort()).toEqual(
      [
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
        "FAILED",
        "TERMINATED",
      ].sort(),
    );
    const all = recount(rows);
    expect(all.input_tokens).toBeGreaterThan(0);
    expect(all.cost).toBeGreaterThan(0);

    const overview = await report(token, "/analytics/overview?days=7");
    expectTotalsMatch(overview.totals, all);
    expect(overview.daily).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    const perDay = new Map<string, number>();
    for (const row of rows) perDay.set(row.ended_at.slice(0, 10), (perDay.get(row.ended_at.slice(0, 10)) ?? 0) + 1);
    for (const d of overview.daily) {
      expect(d.completed + d.failed + d.terminated).toBe(perDay.get(d.day) ?? 0);
    }
    expect(overview.daily.at(-1)?.day).toBe(today);

    // Per agent, from the same rollups, equal the recount of that agent's rows.
    for (const graph of [echo, breaks, sleepy, ai]) {
      const mine = rows.filter((r) => r.graph_id === graph.id);
      const agent = await report(token, `/analytics/graphs/${graph.id}?days=7`);
      expectTotalsMatch(agent.totals, recount(mine));
      expect(overview.agents.find((a) => a.graph_id === graph.id)).toMatchObject({ runs: mine.length });
    }
    expect(overview.agents.find((a) => a.graph_id === echo.id)?.name).toBe("echo");

    // Failing blocks: the recount from the run views' node executions.
    const views: RunBody[] = await Promise.all(rows.map((r) => getRun(token, r.id)));
    const failedExecs = views.flatMap((v) =>
      v.node_executions
        .filter((e) => e.status === "FAILED" && !e.reused && e.started_at)
        .map((e) => ({ ...e, run: v.id })),
    );
    const latest = failedExecs.sort((a, b) => Date.parse(b.ended_at ?? "") - Date.parse(a.ended_at ?? ""))[0];
    expect(overview.failing_blocks).toEqual([
      {
        block_id: BLOCK.fail,
        block_name: "TestFailBlock",
        failures: failedExecs.length,
        last_error: "broke again",
        last_failed_at: latest?.ended_at,
        last_execution_id: latest?.run,
        last_graph_id: breaks.id,
        last_node_id: latest?.node_id,
      },
    ]);
    expect(latest?.error).toBe("broke again");

    // Someone else's agent is a 404, its runs are not in this report.
    expect((await api(`/analytics/graphs/${theirs.id}`, { token })).status).toBe(404);
    expect(overview.agents.some((a) => a.graph_id === theirs.id)).toBe(false);
    const theirReport = await report(other.token, "/analytics/overview?days=1");
    await finalRows(other.userId, [otherRun]);
    expect((await report(other.token, "/analytics/overview?days=1")).totals.runs).toBe(1);
    expect(theirReport.failing_blocks).toEqual([]);
  });

  it("a final index row written again (a retry) does not count twice", async () => {
    const { token, userId } = await newUser();
    const echo = await createGraph(token, echoGraph());
    const id = await run(token, echo.id, { text: "once" });
    await finalRows(userId, [id]);
    const before = await report(token, "/analytics/overview?days=1");
    expect(before.totals.runs).toBe(1);
    const row = (await env.DB.prepare("SELECT * FROM executions WHERE id = ?").bind(id).first()) as Record<
      string,
      unknown
    >;
    const runRow = {
      executionId: id,
      ownerId: userId,
      graphId: echo.id,
      graphVersion: 1,
      graph: {},
      inputs: {},
      status: "COMPLETED",
      error: null,
      parent: null,
      depth: 0,
      options: {},
      createdAt: Date.parse(row.created_at as string),
      startedAt: Date.parse(row.started_at as string),
      endedAt: Date.parse(row.ended_at as string),
      lastProgressAt: Date.now(),
      extraCost: 0,
      extraSteps: 0,
      indexDirty: true,
      idempotencyKey: null,
      eventSeq: Number(row.event_seq) + 1,
    } as unknown as RunRow;
    await writeIndexRow(env.DB, runRow, runSummary(runRow, []));
    await writeIndexRow(env.DB, runRow, runSummary(runRow, []));
    const after = await report(token, "/analytics/overview?days=1");
    expect(after.totals).toEqual(before.totals);
  });

  it("admin view across users and Prometheus metrics: admins or the metrics token only", async () => {
    const admin = await adminSession();
    const { token, userId } = await newUser();
    const echo = await createGraph(token, echoGraph());
    const id = await run(token, echo.id, { text: "x" });
    await finalRows(userId, [id]);

    expect((await api("/admin/analytics", { token })).status).toBe(403);
    expect((await api("/admin/analytics")).status).toBe(401);
    const across = await report(admin.token, "/admin/analytics?days=1");
    const { results } = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM executions WHERE parent_execution_id IS NULL AND status IN ('COMPLETED','FAILED','TERMINATED')
        AND substr(ended_at, 1, 10) = ?`,
    )
      .bind(new Date().toISOString().slice(0, 10))
      .all<{ n: number }>();
    // Other tests run beside this one: the admin's figure is at least everything ended before it was read.
    expect(across.totals.runs).toBeGreaterThanOrEqual(results[0]?.n as number);
    // The lists are the busiest users and agents of the whole deployment (every suite's runs share this D1): the
    // new user and agent are in them unless they are full of busier ones.
    const users = across.users ?? [];
    expect(new Set(users.map((u) => u.owner_id)).size).toBeGreaterThanOrEqual(2);
    const mine = users.find((u) => u.owner_id === userId);
    if (mine) expect(mine).toMatchObject({ runs: 1, failed: 0 });
    else expect(users).toHaveLength(MAX_USERS);
    if (!across.agents.some((a) => a.graph_id === echo.id)) expect(across.agents).toHaveLength(MAX_AGENTS);

    expect((await api("/metrics", { token })).status).toBe(403);
    expect((await api("/metrics")).status).toBe(401);
    expect((await api("/metrics", { headers: { Authorization: "Bearer wrong-token" } })).status).toBe(401);
    for (const res of [
      await api("/metrics", { token: admin.token }),
      await api("/metrics", { headers: { Authorization: `Bearer ${env.METRICS_TOKEN}` } }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toContain("# TYPE agentflare_runs_total counter");
      const completed = Number(/^agentflare_runs_total\{status="COMPLETED"\} (\d+)$/m.exec(text)?.[1]);
      expect(completed).toBeGreaterThanOrEqual(1);
      const inf = Number(/^agentflare_run_duration_seconds_bucket\{le="\+Inf"\} (\d+)$/m.exec(text)?.[1]);
      const count = Number(/^agentflare_run_duration_seconds_count (\d+)$/m.exec(text)?.[1]);
      expect(inf).toBe(count);
      expect(count).toBeGreaterThanOrEqual(completed);
    }
  });
});
