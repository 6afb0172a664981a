// The floor: the least work a run costs in this architecture, with no engine at all.
// Per request: a run index row in D1 (insert + update), a new Durable Object for the run, and one
// SQLite row per node written inside it. `?m=` picks a part: plain | d1 | dofixed | donew | donoop | full.
import { DurableObject } from "cloudflare:workers";

interface Env {
  DB: D1Database;
  RUN: DurableObjectNamespace<Run>;
  NOOP: DurableObjectNamespace<Noop>;
}

export class Run extends DurableObject {
  async run(n: number, nodes: number): Promise<number> {
    const sql = this.ctx.storage.sql;
    sql.exec(
      "CREATE TABLE IF NOT EXISTS node_exec(id INTEGER PRIMARY KEY, node TEXT, status TEXT, input TEXT, output TEXT)",
    );
    let v = n;
    for (let i = 0; i < nodes; i++) {
      const input = JSON.stringify({ a: v, b: 1 });
      v += 1;
      sql.exec(
        "INSERT INTO node_exec(node, status, input, output) VALUES (?, 'COMPLETED', ?, ?)",
        `node${i}`,
        input,
        JSON.stringify({ result: v }),
      );
      await Promise.resolve();
    }
    return v;
  }
}

// A new object per request that touches no storage: what workerd keeps per object id alone.
export class Noop extends DurableObject {
  async run(n: number, nodes: number): Promise<number> {
    return n + nodes;
  }
}

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const mode = new URL(req.url).searchParams.get("m") ?? "full";
    const body = (await req.json()) as { inputs?: { n?: number }; n?: number };
    const start = body.inputs?.n ?? body.n ?? 0;
    if (mode === "plain") return Response.json({ outputs: { n: [start + 10] } });
    const id = crypto.randomUUID();
    const index = mode === "d1" || mode === "full";
    if (index) await env.DB.prepare("INSERT INTO runs(id, status) VALUES (?, 'RUNNING')").bind(id).run();
    let n = start + 10;
    if (mode === "donew" || mode === "full") n = await env.RUN.get(env.RUN.idFromName(id)).run(start, 10);
    if (mode === "dofixed")
      n = await env.RUN.get(env.RUN.idFromName(`fixed${Math.floor(Math.random() * 8)}`)).run(start, 10);
    if (mode === "donoop") n = await env.NOOP.get(env.NOOP.idFromName(id)).run(start, 10);
    if (index) await env.DB.prepare("UPDATE runs SET status='COMPLETED' WHERE id=?").bind(id).run();
    return Response.json({ outputs: { n: [n] } });
  },
};
