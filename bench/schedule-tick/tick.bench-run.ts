// One tick of the real scheduled() handler with N due schedules: wall time (workerd's clock moves across I/O),
// D1 rows read by the due scan, messages sent. The queue consumer then starts the runs (not timed here).
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { scheduleTick } from "../../worker/schedules/tick";

const N = Number(process.env.TICK_SCHEDULES ?? 10_000);

it(`one tick with ${N} due schedules`, async () => {
  createExecutionContext();
  const owner = crypto.randomUUID();
  await env.DB.prepare("INSERT INTO users (id, email) VALUES (?, ?)").bind(owner, `${owner}@bench.test`).run();
  const due = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const insert = env.DB.prepare(
    `INSERT INTO schedules (id, owner_id, graph_id, graph_version, name, cron, timezone, inputs, enabled, next_run_at)
     VALUES (?, ?, 'no-such-graph', 1, 'bench', ?, ?, '{}', 1, ?)`,
  );
  const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"];
  for (let i = 0; i < N; i += 500) {
    await env.DB.batch(
      Array.from({ length: Math.min(500, N - i) }, (_, k) =>
        insert.bind(crypto.randomUUID(), owner, "* * * * *", zones[(i + k) % zones.length] as string, due),
      ),
    );
  }
  const t0 = Date.now();
  const report = await scheduleTick(env, Date.now());
  const ms = Date.now() - t0;
  console.log(
    JSON.stringify({ schedules: N, wall_ms: ms, ...report, rows_read_per_due: report.rowsRead / report.due }),
  );
  expect(report.fired).toBe(N);
});
