// Starting a run, the one way: the API's execute route, schedules (cron), webhooks and queues all call
// this. It loads the owner's graph version, refuses graphs that cannot run and inputs that do not fit
// (ApiError 404/400 with node and pin paths), and records the run in its own Durable Object.
import { engineCatalog } from "../../engine/block-lookup";
import type { RunView } from "../../engine/views";
import { graphInputSchema } from "../../graph/io-schema";
import { assertRunnable } from "../../graph/validate";
import { badRequest, notFound } from "../errors";
import { loadGraphForRun } from "../graphs/repository";
import { inputProblems } from "./inputs";
import { newExecutionId, runStub } from "./run-stub";

export type StartGraphRun = {
  ownerId: string;
  graphId: string;
  /** The active version when absent. */
  version?: number;
  inputs: Record<string, unknown>;
  /** Same key (per owner) → same execution. */
  idempotencyKey?: string;
  /** Wait up to this long for the run to finish (synchronous execute, at most 60 s). */
  waitMs?: number;
};

/**
 * @example
 * const { executionId, run } = await startGraphRun(env, { ownerId, graphId, inputs: {} });
 * // `run` is the finished run when `waitMs` was given and it finished in time.
 */
export async function startGraphRun(env: Env, req: StartGraphRun): Promise<{ executionId: string; run?: RunView }> {
  const graph = await loadGraphForRun(env.DB, req.ownerId, req.graphId, req.version);
  if (!graph) throw notFound(req.version === undefined ? "Graph" : `Graph version ${req.version}`);

  const problems = assertRunnable(graph, engineCatalog);
  if (problems.length > 0) {
    throw badRequest(
      "The graph cannot run",
      problems.map((p) => ({
        path: p.node_id ? ["nodes", p.node_id, p.pin].filter(Boolean).join(".") : p.path,
        message: p.message,
      })),
    );
  }
  const wrong = inputProblems(graphInputSchema(graph, engineCatalog), req.inputs);
  if (wrong.length > 0) throw badRequest("Invalid inputs", wrong);

  const executionId = await newExecutionId(req.ownerId, req.idempotencyKey);
  const started = await runStub(env, executionId).start({
    executionId,
    ownerId: req.ownerId,
    graphId: graph.id,
    graphVersion: graph.version,
    graph: { nodes: graph.nodes, links: graph.links },
    inputs: req.inputs,
    idempotencyKey: req.idempotencyKey ?? null,
    waitMs: req.waitMs && req.waitMs > 0 ? Math.min(req.waitMs, 60_000) : undefined,
  });
  if (!started.ok) throw startErrors(started.errors);
  return { executionId, run: started.run };
}

/** Nodes that cannot start → 400 with `nodes.<node_id>.<pin>` paths. */
export const startErrors = (errors: { node_id: string; pin: string; message: string }[]) =>
  badRequest(
    "The graph cannot start",
    errors.map((e) => ({ path: ["nodes", e.node_id, e.pin].filter(Boolean).join("."), message: e.message })),
  );
