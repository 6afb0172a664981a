// Runs through the public API, end to end in workerd: AutoGPT's conformance graphs, error pins, fan-out,
// parallelism, retries, bounds and the run resources.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, execute, graphJson, type RunBody, runToEnd, uid, until } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";

describe("running graphs", () => {
  it("runs AutoGPT's sample graph: inputs into dynamic dict pins of a template, output collected", async () => {
    const { token } = await signUp();
    const [in1, in2, tpl, out] = [uid("in1"), uid("in2"), uid("tpl"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "sample",
        [
          { id: in1, block_id: BLOCK.input, input_default: { name: "input_1" } },
          { id: in2, block_id: BLOCK.input, input_default: { name: "input_2" } },
          { id: tpl, block_id: BLOCK.template, input_default: { format: "{{a}}, {{b}}{{c}}", "values_#_c": "!!!" } },
          { id: out, block_id: BLOCK.output, input_default: { name: "greeting" } },
        ],
        [
          [in1, "result", tpl, "values_#_a"],
          [in2, "result", tpl, "values_#_b"],
          [tpl, "output", out, "value"],
        ],
      ),
    );
    const run = await runToEnd(token, graph.id, { input_1: "Hello", input_2: "World" });
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs).toEqual({ greeting: ["Hello, World!!!"] });
    expect(run.inputs).toEqual({ input_1: "Hello", input_2: "World" });
    expect(run.stats.node_exec_count).toBe(4);
    const template = run.node_executions.find((e) => e.node_id === tpl);
    expect(template?.input).toMatchObject({ values: { a: "Hello", b: "World", c: "!!!" }, "values_#_a": "Hello" });
    expect(template?.output).toEqual({ output: ["Hello, World!!!"] });

    // The D1 index row follows the run (written off the request path).
    await expect
      .poll(
        async () =>
          (await env.DB.prepare("SELECT status FROM executions WHERE id = ?").bind(run.id).first<{ status: string }>())
            ?.status,
      )
      .toBe("COMPLETED");
    const list = await api(`/graphs/${graph.id}/executions`, { token });
    expect(((await list.json()) as { items: { id: string; status: string }[] }).items).toEqual([
      expect.objectContaining({ id: run.id, status: "COMPLETED" }),
    ]);
  });

  it("completes waiting executions from a static link: 8 node executions, three results of 9", async () => {
    const { token } = await signUp();
    const [a1, a2, a3, b0, b, calc] = ["a1", "a2", "a3", "b0", "b", "calc"].map(uid);
    const graph = await createGraph(
      token,
      graphJson(
        "static",
        [
          { id: a1 as string, block_id: BLOCK.store, input_default: { input: 4 } },
          { id: a2 as string, block_id: BLOCK.store, input_default: { input: 4 } },
          { id: a3 as string, block_id: BLOCK.store, input_default: { input: 4 } },
          { id: b0 as string, block_id: BLOCK.store, input_default: { input: 5 } },
          { id: b as string, block_id: BLOCK.store },
          { id: calc as string, block_id: BLOCK.calculator, input_default: { operation: "Add" } },
        ],
        [
          [a1 as string, "output", calc as string, "a"],
          [a2 as string, "output", calc as string, "a"],
          [a3 as string, "output", calc as string, "a"],
          [b0 as string, "output", b as string, "input"],
          [b as string, "output", calc as string, "b", true],
        ],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.node_executions).toHaveLength(8);
    const calcs = run.node_executions.filter((e) => e.node_id === calc);
    expect(calcs.map((e) => e.output.result)).toEqual([[9], [9], [9]]);
  });

  it("routes the error pin downstream; the node is FAILED, the run still COMPLETED", async () => {
    const { token } = await signUp();
    const [bad, err, part] = [uid("bad"), uid("err"), uid("part")];
    const graph = await createGraph(
      token,
      graphJson(
        "errors",
        [
          { id: bad, block_id: BLOCK.fail, input_default: { message: "it broke" } },
          { id: err, block_id: BLOCK.output, input_default: { name: "error" } },
          { id: part, block_id: BLOCK.output, input_default: { name: "partial" } },
        ],
        [
          [bad, "error", err, "value"],
          [bad, "partial", part, "value"],
        ],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs).toEqual({ error: ["it broke"], partial: [1] });
    const failed = run.node_executions.find((e) => e.node_id === bad);
    expect(failed).toMatchObject({
      status: "FAILED",
      error: "it broke",
      output: { partial: [1], error: ["it broke"] },
    });
    expect(run.stats.node_error_count).toBe(1);
  });

  it("fans StepThroughItems out to one execution per item, outputs in order", async () => {
    const { token } = await signUp();
    const [steps, calc, out] = [uid("steps"), uid("calc"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "fanout",
        [
          { id: steps, block_id: BLOCK.steps, input_default: { items: [1, 2, 3, 4, 5] } },
          { id: calc, block_id: BLOCK.calculator, input_default: { operation: "Multiply", b: 10 } },
          { id: out, block_id: BLOCK.output, input_default: { name: "tens" } },
        ],
        [
          [steps, "item", calc, "a"],
          [calc, "result", out, "value"],
        ],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.outputs).toEqual({ tens: [10, 20, 30, 40, 50] });
    expect(run.node_executions.filter((e) => e.node_id === calc)).toHaveLength(5);
  });

  it("runs independent branches concurrently: node intervals overlap", async () => {
    const { token } = await signUp();
    const branches = Array.from({ length: 6 }, (_, i) => uid(`sleep${i}`));
    const graph = await createGraph(
      token,
      graphJson(
        "parallel",
        branches.map((id, i) => ({ id, block_id: BLOCK.sleep, input_default: { ms: 150, value: i } })),
        [],
      ),
    );
    const run = await runToEnd(token, graph.id);
    const spans = run.node_executions.map(
      (e) => [Date.parse(e.started_at as string), Date.parse(e.ended_at as string)] as const,
    );
    // Every node started before any of them ended.
    const lastStart = Math.max(...spans.map(([s]) => s));
    const firstEnd = Math.min(...spans.map(([, e]) => e));
    expect(lastStart).toBeLessThan(firstEnd);
  });

  it("retries a RetryableError under the node's retry policy and records the retries", async () => {
    const { token } = await signUp();
    const [flaky, out] = [uid("flaky"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "retry",
        [
          {
            id: flaky,
            block_id: BLOCK.flaky,
            input_default: { failures: 2, tag: flaky },
            metadata: { retry: { count: 3, backoff_ms: 1 } },
          },
          { id: out, block_id: BLOCK.output, input_default: { name: "attempts" } },
        ],
        [[flaky, "attempts", out, "value"]],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.outputs).toEqual({ attempts: [3] });
    expect(run.node_executions.find((e) => e.node_id === flaky)?.retry).toBe(2);
  });

  it("fails a node that exceeds its timeout with a clear error", async () => {
    const { token } = await signUp();
    const slow = uid("slow");
    const graph = await createGraph(
      token,
      graphJson(
        "timeout",
        [{ id: slow, block_id: BLOCK.sleep, input_default: { ms: 5000, value: 1 }, metadata: { timeout_ms: 50 } }],
        [],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.node_executions[0]).toMatchObject({ status: "FAILED", error: "Node timed out after 50 ms" });
  });

  it("stops an infinite loop with the loop guard and says so", async () => {
    const { token } = await signUp();
    const [seed, loop] = [uid("seed"), uid("loop")];
    // A Calculator that feeds its own result back: a + 1 forever.
    const graph = await createGraph(
      token,
      graphJson(
        "loop",
        [
          { id: seed, block_id: BLOCK.store, input_default: { input: 0 } },
          { id: loop, block_id: BLOCK.calculator, input_default: { operation: "Add", b: 1 } },
        ],
        [
          [seed, "output", loop, "a"],
          [loop, "result", loop, "a"],
        ],
      ),
    );
    const res = await execute(token, graph.id, {}, 30);
    const run = (await res.json()) as { status: string; error: string; stats: { node_exec_count: number } };
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("Loop guard: more than 10000 node executions in one run");
    expect(run.stats.node_exec_count).toBe(10_000);
    await expect
      .poll(
        async () =>
          ((await (await api(`/graphs/${graph.id}/executions`, { token })).json()) as { items: unknown[] }).items,
      )
      .toEqual([
        expect.objectContaining({ status: "FAILED", error: "Loop guard: more than 10000 node executions in one run" }),
      ]);
  });

  it("answers 202 at once without ?wait, honours Idempotency-Key, and validates inputs and graphs", async () => {
    const { token } = await signUp();
    const [input, out] = [uid("in"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "echo",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
          { id: out, block_id: BLOCK.output, input_default: { name: "echo" } },
        ],
        [[input, "result", out, "value"]],
      ),
    );
    const first = await execute(token, graph.id, { text: "hi" }, undefined, { "Idempotency-Key": "k-1" });
    expect(first.status).toBe(202);
    const { execution_id } = (await first.json()) as { execution_id: string };
    const again = await execute(token, graph.id, { text: "other" }, undefined, { "Idempotency-Key": "k-1" });
    expect(((await again.json()) as { execution_id: string }).execution_id).toBe(execution_id);
    const done = await until(token, execution_id, (r) => r.status === "COMPLETED");
    expect(done.outputs).toEqual({ echo: ["hi"] });

    const missing = await execute(token, graph.id, {});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { details: unknown[] } }).error.details).toEqual([
      { path: "inputs.text", message: "Required input is missing" },
    ]);
    const unknown = await execute(token, graph.id, { text: "x", nope: 1 });
    expect(unknown.status).toBe(400);

    const notMine = await signUp();
    expect((await execute(notMine.token, graph.id, { text: "x" })).status).toBe(404);
    expect((await api(`/executions/${execution_id}`, { token: notMine.token })).status).toBe(404);
    expect((await api(`/executions/${crypto.randomUUID()}`, { token })).status).toBe(404);
  });

  it("keeps an Idempotency-Key to its graph: the same key on another graph runs that graph", async () => {
    // It used to answer with the first graph's run (its outputs included) for a request to run the second.
    const { token } = await signUp();
    const echo = (name: string) => {
      const [input, out] = [uid("in"), uid("out")];
      return createGraph(
        token,
        graphJson(
          name,
          [
            { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
            { id: out, block_id: BLOCK.output, input_default: { name: "echo" } },
          ],
          [[input, "result", out, "value"]],
        ),
      );
    };
    const [a, b] = [await echo("a"), await echo("b")];
    const key = { "Idempotency-Key": `k-${crypto.randomUUID()}` };
    const first = (await (await execute(token, a.id, { text: "a" }, 10, key)).json()) as RunBody;
    const second = (await (await execute(token, b.id, { text: "b" }, 10, key)).json()) as RunBody;
    expect(first).toMatchObject({ graph_id: a.id, outputs: { echo: ["a"] } });
    expect(second).toMatchObject({ graph_id: b.id, outputs: { echo: ["b"] } });
    expect(second.id).not.toBe(first.id);
    // Still idempotent per graph.
    const again = (await (await execute(token, b.id, { text: "other" }, 10, key)).json()) as RunBody;
    expect(again.id).toBe(second.id);
  });

  it("refuses a graph whose nodes lack required inputs, naming the node and pin", async () => {
    const { token } = await signUp();
    const calc = uid("calc");
    const graph = await createGraph(
      token,
      graphJson(
        "incomplete",
        [{ id: calc, block_id: BLOCK.calculator, input_default: { operation: "Add", a: 1 } }],
        [],
      ),
    );
    const res = await execute(token, graph.id, {});
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toContain(`nodes.${calc}.b`);
  });

  it("runs the version that is active right now: after a save, a switch back and a delete", async () => {
    const { token } = await signUp();
    const out = uid("out");
    const saying = (value: string) =>
      graphJson("versions", [{ id: out, block_id: BLOCK.output, input_default: { name: "said", value } }], []);
    const graph = await createGraph(token, saying("v1"));
    expect((await runToEnd(token, graph.id)).outputs).toEqual({ said: ["v1"] });
    const put = await api(`/graphs/${graph.id}`, { token, method: "PUT", json: saying("v2") });
    expect(put.status).toBe(200);
    const v2 = await runToEnd(token, graph.id);
    expect([v2.graph_version, v2.outputs]).toEqual([2, { said: ["v2"] }]);
    const back = await api(`/graphs/${graph.id}`, { token, method: "PATCH", json: { active_version: 1 } });
    expect(back.status).toBe(200);
    const v1 = await runToEnd(token, graph.id);
    expect([v1.graph_version, v1.outputs]).toEqual([1, { said: ["v1"] }]);
    expect((await api(`/graphs/${graph.id}`, { token, method: "DELETE" })).status).toBe(204);
    expect((await execute(token, graph.id, {}, 30)).status).toBe(404);
  });

  it("deletes a run: its object state and index row", async () => {
    const { token } = await signUp();
    const s = uid("s");
    const graph = await createGraph(
      token,
      graphJson("del", [{ id: s, block_id: BLOCK.store, input_default: { input: 1 } }], []),
    );
    const run = await runToEnd(token, graph.id);
    const other = await signUp();
    expect((await api(`/executions/${run.id}`, { token: other.token, method: "DELETE" })).status).toBe(404);
    expect((await api(`/executions/${run.id}`, { token, method: "DELETE" })).status).toBe(204);
    expect((await api(`/executions/${run.id}`, { token })).status).toBe(404);
    expect(await env.DB.prepare("SELECT id FROM executions WHERE id = ?").bind(run.id).first()).toBeNull();
  });
});

describe("large values", () => {
  it("stores outputs over 128 KiB in R2 and passes them by reference to the next block", async () => {
    const { token } = await signUp();
    const [big, copy, len] = [uid("big"), uid("copy"), uid("len")];
    const text = "x".repeat(200 * 1024);
    const graph = await createGraph(
      token,
      graphJson(
        "large",
        [
          { id: big, block_id: BLOCK.store, input_default: { input: text } },
          { id: copy, block_id: BLOCK.store },
          { id: len, block_id: BLOCK.template, input_default: { format: "{{ t | length }}" } },
        ],
        [
          [big, "output", copy, "input"],
          [copy, "output", len, "values_#_t"],
        ],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.status).toBe("COMPLETED");
    const ref = run.node_executions.find((e) => e.node_id === big)?.output.output?.[0] as Record<string, string>;
    expect(ref).toMatchObject({ size: text.length + 2 });
    const stored = await env.FILES.get(ref.$agentflare_ref as string);
    expect(await stored?.json()).toBe(text);
    expect(run.node_executions.find((e) => e.node_id === len)?.output).toEqual({ output: [String(200 * 1024)] });
  });

  it("answers a run's large outputs with their values, not references", async () => {
    const { token } = await signUp();
    const [big, out] = [uid("big"), uid("out")];
    const text = "y".repeat(150 * 1024);
    const graph = await createGraph(
      token,
      graphJson(
        "large output",
        [
          { id: big, block_id: BLOCK.store, input_default: { input: text } },
          { id: out, block_id: BLOCK.output, input_default: { name: "text" } },
        ],
        [[big, "output", out, "value"]],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.outputs.text?.[0]).toBe(text);
  });
});

describe("listing a graph's runs", () => {
  it("pages newest first with a cursor and refuses a garbled cursor with 400 on `cursor`", async () => {
    const { token } = await signUp();
    const out = uid("out");
    const graph = await createGraph(
      token,
      graphJson("paged", [{ id: out, block_id: BLOCK.output, input_default: { name: "o", value: 1 } }], []),
    );
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await runToEnd(token, graph.id)).id);
    await expect
      .poll(
        async () =>
          (
            await env.DB.prepare("SELECT COUNT(*) AS n FROM executions WHERE graph_id = ?")
              .bind(graph.id)
              .first<{ n: number }>()
          )?.n,
      )
      .toBe(3);

    type Page = { items: { id: string }[]; next_cursor: string | null };
    const first = (await (await api(`/graphs/${graph.id}/executions?limit=2`, { token })).json()) as Page;
    expect(first.items.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const next = (await (
      await api(`/graphs/${graph.id}/executions?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? "")}`, {
        token,
      })
    ).json()) as Page;
    expect(next).toEqual({ items: [expect.objectContaining({ id: ids[0] })], next_cursor: null });

    const bad = await api(`/graphs/${graph.id}/executions?cursor=nope`, { token });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details).toEqual([
      expect.objectContaining({ path: "cursor" }),
    ]);
  });
});

describe("executions API document", () => {
  it("lists every run route in the OpenAPI document", async () => {
    const doc = (await (await api("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [path, method] of [
      ["/api/v1/graphs/{id}/execute", "post"],
      ["/api/v1/graphs/{id}/executions", "get"],
      ["/api/v1/executions/{id}", "get"],
      ["/api/v1/executions/{id}", "delete"],
      ["/api/v1/executions/{id}/cancel", "post"],
      ["/api/v1/executions/{id}/reviews", "get"],
      ["/api/v1/executions/{id}/reviews/{nodeExecId}", "post"],
      ["/api/v1/executions/{id}/rerun", "post"],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
