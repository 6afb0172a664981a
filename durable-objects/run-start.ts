// What a run object is asked to start with, and the run it makes of it: the graph indexed against the catalog,
// the engine seeded (inputs, or a rerun's reused executions), the run row with its options. Nothing is stored
// here; a graph whose nodes cannot start is reported instead.
import { blockCatalog } from "../blocks/catalog";
import { GraphIndex, UnknownBlockError } from "../engine/graph-index";
import type { NodeExec } from "../engine/node-exec";
import { seedRerun } from "../engine/rerun";
import { RunEngine, type StartError } from "../engine/run-engine";
import type { ExecutionStatus } from "../engine/status";
import type { RunResultView } from "../engine/views";
import type { BaseGraph } from "../graph/schema";
import {
  DEFAULT_MAX_NODE_EXECUTIONS,
  DEFAULT_RUN_CONCURRENCY,
  DEFAULT_RUN_STALL_MS,
  DEFAULT_RUN_TIMEOUT_MS,
} from "./run-limits";
import type { ParentRef, RunOptions, RunRow } from "./run-store";
import type { SealedCredentialRow } from "./vault-read";

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  concurrency: DEFAULT_RUN_CONCURRENCY,
  maxNodeExecutions: DEFAULT_MAX_NODE_EXECUTIONS,
  runTimeoutMs: DEFAULT_RUN_TIMEOUT_MS,
  stallMs: DEFAULT_RUN_STALL_MS,
  announceToOwner: true,
};

export type StartRequest = {
  executionId: string;
  ownerId: string;
  graphId: string;
  graphVersion: number;
  graph: Pick<BaseGraph, "nodes" | "links">;
  inputs: Record<string, unknown>;
  parent?: ParentRef | null;
  depth?: number;
  idempotencyKey?: string | null;
  options?: Partial<RunOptions>;
  /** Rerun from a node: finished executions of an earlier run to reuse instead of executing. */
  reuse?: { executions: NodeExec[]; fromNodeId: string };
  /** Synchronous execute: wait up to this long for the run to finish and answer with it (one round trip). */
  waitMs?: number;
  /** The credentials the nodes name, sealed, as the Worker read them for the owner (run-credentials.ts). */
  credentials?: SealedCredentialRow[];
};

export type StartResponse =
  | { ok: true; executionId: string; status: ExecutionStatus; created: boolean; run?: RunResultView }
  | { ok: false; errors: StartError[] };

/**
 * The new run and its engine, or the nodes that cannot start. `defaults` are the deployment's options
 * (run-limits.ts `runOptionDefaults`: loop guard, run timeout, stall limit, concurrency); the request's own win.
 */
export function newRun(
  req: StartRequest,
  now: number,
  defaults: Partial<RunOptions> = {},
): { ok: true; run: RunRow; engine: RunEngine } | { ok: false; errors: StartError[] } {
  let index: GraphIndex;
  try {
    index = GraphIndex.build(req.graph, blockCatalog);
  } catch (err) {
    if (err instanceof UnknownBlockError)
      return { ok: false, errors: [{ node_id: err.nodeId, pin: "block_id", message: err.message }] };
    throw err;
  }
  const engine = new RunEngine(index);
  if (req.reuse) seedRerun(engine, req.reuse.executions, req.reuse.fromNodeId);
  else {
    const errors = engine.start(req.inputs);
    if (errors.length > 0) return { ok: false, errors };
  }
  const run: RunRow = {
    executionId: req.executionId,
    ownerId: req.ownerId,
    graphId: req.graphId,
    graphVersion: req.graphVersion,
    graph: req.graph,
    inputs: req.inputs,
    status: "RUNNING",
    error: null,
    parent: req.parent ?? null,
    depth: req.depth ?? 0,
    options: { ...DEFAULT_RUN_OPTIONS, ...defaults, ...req.options },
    createdAt: now,
    startedAt: now,
    endedAt: null,
    lastProgressAt: now,
    extraCost: 0,
    extraSteps: 0,
    indexDirty: true,
    idempotencyKey: req.idempotencyKey ?? null,
    eventSeq: 0,
  };
  return { ok: true, run, engine };
}
