// Starting a run, the one way: the API's execute route, schedules (cron), webhooks and queues all call
// this. It loads the owner's graph version, refuses graphs that cannot run and inputs that do not fit
// (ApiError 404/400 with node and pin paths), and records the run in its own Durable Object.

import { blockCatalog } from "../../blocks/catalog";
import { ownerWatchesGraphs } from "../../durable-objects/graph-watch";
import type { WebhookDeliveryRef } from "../../durable-objects/webhook-delivery-row";
import { BoundedCache } from "../../engine/bounded-cache";
import { jsonDepthProblem, maxJsonDepth } from "../../engine/json-limits";
import type { RunResultView, RunTrigger } from "../../engine/views";
import { graphInputSchema } from "../../graph/io-schema";
import type { GraphNode } from "../../graph/schema";
import { assertRunnable } from "../../graph/validate";
import { badRequest, notFound } from "../errors";
import { loadGraphForRun } from "../graphs/repository";
import { cachedVersion, rememberVersion } from "../graphs/version-cache";
import { bindRunCredentials } from "./credentials";
import { inputProblems } from "./inputs";
import { newExecutionId, runStub } from "./run-stub";

export type StartGraphRun = {
  ownerId: string;
  graphId: string;
  /** The active version when absent. */
  version?: number;
  inputs: Record<string, unknown>;
  /**
   * Graph-level credentials fields (`openai_api_key_credentials`) → `{id, provider, type, title}`; fields not
   * given fall back to each node's own `input_default`.
   */
  credentialsInputs?: Record<string, unknown>;
  /** Same key (per owner) → same execution. */
  idempotencyKey?: string;
  /** Wait up to this long for the run to finish (synchronous execute, at most 60 s). */
  waitMs?: number;
  /** How the run started (manual when absent). */
  trigger?: RunTrigger;
  /** Completion callback URL for this run (a schedule's; the graph's own is looked up when the run ends). */
  callbackUrl?: string | null;
  /** Values set on nodes' inputs for this run only: node id → pin → value (a webhook's `payload`). */
  nodeInputs?: Record<string, Record<string, unknown>>;
  /** The webhook delivery this run answers: the run records it with its index row (a new run only). */
  webhookDelivery?: WebhookDeliveryRef;
};

/**
 * @example
 * const { executionId, run } = await startGraphRun(env, { ownerId, graphId, inputs: {} });
 * // `run` is the finished run when `waitMs` was given and it finished in time.
 */
export async function startGraphRun(
  env: Env,
  req: StartGraphRun,
): Promise<{ executionId: string; run?: RunResultView; created: boolean }> {
  // Schedules and webhooks start runs without a request body check: the depth limit holds here too.
  const deep = jsonDepthProblem(req.inputs, maxJsonDepth(env), "inputs");
  if (deep) throw badRequest(`Inputs are nested deeper than ${maxJsonDepth(env)} levels`, [deep]);
  const [{ graph, problems, inputSchema }, watched] = await Promise.all([
    preparedGraph(env.DB, req.ownerId, req.graphId, req.version),
    ownerWatchesGraphs(env.DB, req.ownerId),
  ]);
  if (problems.length > 0) {
    throw badRequest(
      "The graph cannot run",
      problems.map((p) => ({
        path: p.node_id ? ["nodes", p.node_id, p.pin].filter(Boolean).join(".") : p.path,
        message: p.message,
      })),
    );
  }
  const wrong = inputProblems(inputSchema, req.inputs);
  if (wrong.length > 0) throw badRequest("Invalid inputs", wrong);
  const { nodes: bound, sealed } = await bindRunCredentials(
    env.DB,
    req.ownerId,
    graph,
    blockCatalog,
    req.credentialsInputs,
  );
  const nodes = req.nodeInputs ? withNodeInputs(bound, req.nodeInputs) : bound;

  const executionId = await newExecutionId(req.ownerId, graph.id, req.idempotencyKey);
  const started = await runStub(env, executionId).start({
    executionId,
    ownerId: req.ownerId,
    graphId: graph.id,
    graphVersion: graph.version,
    graph: { nodes, links: graph.links },
    inputs: req.inputs,
    idempotencyKey: req.idempotencyKey ?? null,
    options: {
      announceToOwner: watched,
      trigger: req.trigger,
      callbackUrl: req.callbackUrl ?? null,
      ...(req.webhookDelivery ? { webhookDelivery: req.webhookDelivery } : {}),
    },
    waitMs: req.waitMs && req.waitMs > 0 ? Math.min(req.waitMs, 60_000) : undefined,
    credentials: sealed,
  });
  if (!started.ok) throw startErrors(started.errors);
  return { executionId, run: started.run, created: started.created };
}

type PreparedGraph = {
  graph: NonNullable<Awaited<ReturnType<typeof loadGraphForRun>>>;
  problems: ReturnType<typeof assertRunnable>;
  inputSchema: ReturnType<typeof graphInputSchema>;
};

/**
 * Graph versions are immutable, so a version's parsed body, runnability check and input schema are kept
 * per isolate. Which version a run means comes from D1, or from `version-cache` when asked within a moment.
 */
const prepared = new BoundedCache<string, PreparedGraph>({ max: 500 });

export async function preparedGraph(
  db: D1Database,
  ownerId: string,
  graphId: string,
  asked?: number,
): Promise<PreparedGraph> {
  const missing = () => notFound(asked === undefined ? "Graph" : `Graph version ${asked}`);
  let version = cachedVersion(ownerId, graphId, asked);
  if (version === undefined) {
    const row = await db
      .prepare(
        asked === undefined
          ? "SELECT version FROM graphs WHERE id = ? AND owner_id = ? AND is_active = 1 LIMIT 1"
          : "SELECT version FROM graphs WHERE id = ? AND owner_id = ? AND version = ? LIMIT 1",
      )
      .bind(...(asked === undefined ? [graphId, ownerId] : [graphId, ownerId, asked]))
      .first<{ version: number }>();
    if (!row) throw missing();
    version = row.version;
    rememberVersion(ownerId, graphId, asked, version);
  }
  const key = `${ownerId}\u0000${graphId}\u0000${version}`;
  const hit = prepared.get(key);
  if (hit) return hit;
  const graph = await loadGraphForRun(db, ownerId, graphId, version);
  if (!graph) throw missing();
  const entry = {
    graph,
    problems: assertRunnable(graph, blockCatalog),
    inputSchema: graphInputSchema(graph, blockCatalog),
  };
  prepared.set(key, entry);
  return entry;
}

/** The nodes with `extra` merged over their `input_default` (the graph version itself is never changed). */
const withNodeInputs = (nodes: GraphNode[], extra: Record<string, Record<string, unknown>>) =>
  nodes.map((n) => (extra[n.id] ? { ...n, input_default: { ...n.input_default, ...extra[n.id] } } : n));

/** Nodes that cannot start → 400 with `nodes.<node_id>.<pin>` paths. */
export const startErrors = (errors: { node_id: string; pin: string; message: string }[]) =>
  badRequest(
    "The graph cannot start",
    errors.map((e) => ({ path: ["nodes", e.node_id, e.pin].filter(Boolean).join("."), message: e.message })),
  );
