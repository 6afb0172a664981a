// Shared by the engine's integration tests: test-only blocks (a sleeper that counts its runs, a failer,
// a flaky one), graph builders with real AutoGPT block ids, and run helpers over the public API.

import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { FAIL_BLOCK_ID, FLAKY_BLOCK_ID, SLEEP_BLOCK_ID } from "./blocks/engine";
import { api, signUp } from "./helpers/auth";

export { sleepStarts } from "./blocks/engine";

export const BLOCK = {
  input: "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b",
  output: "363ae599-353e-4804-937e-b2ee3cef3da4",
  store: "1ff065e9-88e8-4358-9d82-8dc91f622ba9",
  calculator: "b1ab9b19-67a6-406d-abf5-2dba76d00c79",
  template: "db7d8f02-2f44-4c55-ab7a-eae0941f0c30",
  steps: "f66a3543-28d3-4ab5-8945-9b336371e2ce",
  print: "f3b1c1b2-4c4f-4f0d-8d2f-4c4f0d8d2f4c",
  note: "cc10ff7b-7753-4ff2-9af6-9399b1a7eddc",
  review: "8b2a7b3c-6e9d-4a5f-8c1b-2e3f4a5b6c7d",
  agent: "e189baac-8c20-45a1-94a7-55177ea42565",
  sleep: SLEEP_BLOCK_ID,
  fail: FAIL_BLOCK_ID,
  flaky: FLAKY_BLOCK_ID,
} as const;

export type NodeSpec = {
  id: string;
  block_id: string;
  input_default?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
};
export type LinkSpec = [source: string, sourcePin: string, sink: string, sinkPin: string, isStatic?: boolean];

export function graphJson(name: string, nodes: NodeSpec[], links: LinkSpec[]) {
  return {
    name,
    description: "",
    nodes: nodes.map((n) => ({
      id: n.id,
      block_id: n.block_id,
      input_default: n.input_default ?? {},
      metadata: n.metadata ?? {},
    })),
    links: links.map(([source_id, source_name, sink_id, sink_name, is_static]) => ({
      source_id,
      source_name,
      sink_id,
      sink_name,
      is_static: is_static ?? false,
    })),
  };
}

/**
 * An AgentExecutorBlock node that runs another graph as a sub-run (its version 1 unless given).
 * @example agentNode(uid("agent"), child.id, { output_schema: { type: "object", properties: { answer: {} } } })
 */
export function agentNode(
  id: string,
  graphId: string,
  {
    version = 1,
    input_schema = {},
    output_schema = {},
  }: { version?: number; input_schema?: Record<string, unknown>; output_schema?: Record<string, unknown> } = {},
): NodeSpec {
  return {
    id,
    block_id: BLOCK.agent,
    input_default: { graph_id: graphId, graph_version: version, inputs: {}, input_schema, output_schema },
  };
}

/** Node ids must be unique across graphs (they are global in AutoGPT's model): prefix each test's ids. */
export const uid = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

const TEST_BLOCK_IDS = new Set<string>([BLOCK.sleep, BLOCK.fail, BLOCK.flaky]);

/**
 * Saves a graph through the API; graphs using test-only blocks (unknown to the product) go straight to D1,
 * as do graphs given an `id` up front (a graph that refers to itself).
 */
export async function createGraph(
  token: string,
  graph: ReturnType<typeof graphJson>,
  presetId?: string,
): Promise<{ id: string; version: number }> {
  if (presetId || graph.nodes.some((n) => TEST_BLOCK_IDS.has(n.block_id))) {
    const me = await api("/auth/me", { token });
    const { id: ownerId } = (await me.json()) as { id: string };
    const id = presetId ?? crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO graphs (id, version, owner_id, name, description, is_active, body) VALUES (?, 1, ?, ?, '', 1, ?)",
    )
      .bind(id, ownerId, graph.name, JSON.stringify(graph))
      .run();
    return { id, version: 1 };
  }
  const res = await api("/graphs", { token, json: graph });
  if (res.status !== 201) throw new Error(`create graph failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; version: number };
}

/**
 * input "draft" → review "Draft" → output "approved": its runs wait in REVIEW until the review is decided, so they
 * stay open for as long as a test needs. Returns the graph and its node ids.
 */
export async function createReviewGraph(token: string, name = "review") {
  const nodes = { input: uid("in"), review: uid("review"), out: uid("out") };
  const graph = await createGraph(
    token,
    graphJson(
      name,
      [
        { id: nodes.input, block_id: BLOCK.input, input_default: { name: "draft" } },
        { id: nodes.review, block_id: BLOCK.review, input_default: { name: "Draft" } },
        { id: nodes.out, block_id: BLOCK.output, input_default: { name: "approved" } },
      ],
      [
        [nodes.input, "result", nodes.review, "data"],
        [nodes.review, "approved_data", nodes.out, "value"],
      ],
    ),
  );
  return { ...graph, nodes };
}

export type RunBody = {
  id: string;
  graph_version: number;
  status: string;
  error: string | null;
  outputs: Record<string, unknown[]>;
  inputs: Record<string, unknown>;
  stats: {
    node_exec_count: number;
    node_error_count: number;
    duration: number;
    cost: number;
    node_wall_time: Record<string, number>;
  };
  node_executions: {
    node_exec_id: string;
    node_id: string;
    block_id: string;
    status: string;
    input: Record<string, unknown>;
    output: Record<string, unknown[]>;
    error: string | null;
    queued_at: string | null;
    started_at: string | null;
    ended_at: string | null;
    retry: number;
    reused: boolean;
  }[];
};

export async function execute(
  token: string,
  graphId: string,
  inputs: Record<string, unknown> = {},
  wait?: number,
  headers?: Record<string, string>,
) {
  return api(`/graphs/${graphId}/execute${wait === undefined ? "" : `?wait=${wait}`}`, {
    token,
    json: { inputs },
    headers,
  });
}

/**
 * Runs a graph synchronously and returns the finished run with its node executions (fails the test if it
 * does not finish). The synchronous answer itself carries status, inputs, outputs and stats; it must agree.
 */
export async function runToEnd(token: string, graphId: string, inputs: Record<string, unknown> = {}): Promise<RunBody> {
  const res = await execute(token, graphId, inputs, 30);
  if (res.status !== 200) throw new Error(`run did not finish: ${res.status} ${await res.text()}`);
  const answer = (await res.json()) as Omit<RunBody, "node_executions">;
  const run = await getRun(token, answer.id);
  const { node_executions: _nodes, ...result } = run;
  expect(answer).toEqual(result);
  return run;
}

export async function getRun(token: string, executionId: string): Promise<RunBody> {
  const res = await api(`/executions/${executionId}`, { token });
  if (res.status !== 200) throw new Error(`get run failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as RunBody;
}

/** Reads the run until `check` holds (for states in the middle of a run; never for final states). */
export async function until(
  token: string,
  executionId: string,
  check: (run: RunBody) => boolean,
  timeoutMs = 10_000,
): Promise<RunBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(token, executionId);
    if (check(run)) return run;
    if (Date.now() > deadline) throw new Error(`condition not reached; last status ${run.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A signed-up user with their id. */
export async function newUser(): Promise<{ token: string; userId: string }> {
  const session = await signUp();
  return { token: session.token, userId: session.user.id };
}

/** The run's Durable Object (for runInDurableObject, evictions, alarms). */
export const runObject = (executionId: string) => env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(executionId));

/** Decides the run's first pending review through the API (as a reviewer would). */
export async function decideFirstReview(
  token: string,
  executionId: string,
  decision: { approved: boolean; data?: unknown } = { approved: true },
): Promise<void> {
  const { items } = (await (await api(`/executions/${executionId}/reviews`, { token })).json()) as {
    items: { node_exec_id: string }[];
  };
  const decided = await api(`/executions/${executionId}/reviews/${items[0]?.node_exec_id}`, {
    token,
    json: decision,
  });
  expect(decided.status).toBe(200);
}
