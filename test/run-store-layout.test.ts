// Run objects stored by earlier versions keep working: the layout before 537b184 / 83a123e had a `meta` table
// holding `schema = 1` and rowid tables. A run paused in review in that layout is read, decided and finished.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createReviewGraph, execute, getRun, newUser, until } from "./engine-helpers";
import { api } from "./helpers/auth";

/** Rewrites the object's storage the way the earlier versions laid it out. */
const OLD_LAYOUT = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO meta (key, value) VALUES ('schema', '1');
  CREATE TABLE old_node_executions (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, node_id TEXT NOT NULL, block_id TEXT NOT NULL, status TEXT NOT NULL,
    input TEXT NOT NULL, output TEXT NOT NULL, error TEXT, queued_at INTEGER, started_at INTEGER, ended_at INTEGER,
    retry INTEGER NOT NULL, reused INTEGER NOT NULL);
  INSERT INTO old_node_executions SELECT * FROM node_executions;
  DROP TABLE node_executions;
  ALTER TABLE old_node_executions RENAME TO node_executions;`;

describe("run objects in an earlier storage layout", () => {
  it("reads, resumes and finishes a run stored with a meta table and rowid tables", async () => {
    const { token } = await newUser();
    const graph = await createReviewGraph(token, "old layout");
    const res = await execute(token, graph.id, { draft: "hello" });
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    const paused = await until(token, id, (r) => r.status === "REVIEW");

    const stub = () => env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(id));
    const tables = await runInDurableObject(stub(), (_instance, state) => {
      state.storage.sql.exec(OLD_LAYOUT);
      return state.storage.sql
        .exec<{ name: string; sql: string }>(
          "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
        )
        .toArray();
    });
    expect(tables.map((t) => t.name).sort()).toEqual(["meta", "node_executions", "reviews", "run"]);
    expect(tables.find((t) => t.name === "node_executions")?.sql).not.toContain("WITHOUT ROWID");
    // A fresh instance reads the storage as it is.
    await runInDurableObject(stub(), (_instance, state) => state.abort("reload")).catch(() => undefined);

    // The same run (its duration still counts up while it waits).
    const reread = await getRun(token, id);
    expect({ ...reread, stats: { ...reread.stats, duration: 0 } }).toEqual({
      ...paused,
      stats: { ...paused.stats, duration: 0 },
    });
    const { items } = (await (await api(`/executions/${id}/reviews`, { token })).json()) as {
      items: { node_exec_id: string }[];
    };
    const decided = await api(`/executions/${id}/reviews/${items[0]?.node_exec_id}`, {
      token,
      json: { approved: true },
    });
    expect(decided.status).toBe(200);
    const done = await until(token, id, (r) => r.status === "COMPLETED");
    expect(done.outputs).toEqual({ approved: ["hello"] });
  });
});
