// Run one node of a saved graph on its own ("run this node" in the editor): the node's saved inputs with the
// given values laid over them, no links, recorded and followed like any other run (its own GraphRun).
import { blockCatalog } from "../../blocks/catalog";
import { jsonDepthProblem, maxJsonDepth } from "../../engine/json-limits";
import { assertRunnable } from "../../graph/validate";
import { badRequest, notFound } from "../errors";
import { bindRunCredentials } from "./credentials";
import { newExecutionId, runStub } from "./run-stub";
import { preparedGraph, startErrors } from "./start";

export type RunOneNode = {
  ownerId: string;
  graphId: string;
  nodeId: string;
  /** The active version when absent. */
  version?: number;
  /** Pin values that replace the node's saved `input_default` for this run only. */
  inputs: Record<string, unknown>;
};

/** @example const { executionId } = await runOneNode(env, { ownerId, graphId, nodeId, inputs: { a: 2 } }); */
export async function runOneNode(env: Env, req: RunOneNode): Promise<{ executionId: string }> {
  const deep = jsonDepthProblem(req.inputs, maxJsonDepth(env), "inputs");
  if (deep) throw badRequest(`Inputs are nested deeper than ${maxJsonDepth(env)} levels`, [deep]);
  const { graph } = await preparedGraph(env.DB, req.ownerId, req.graphId, req.version);
  const node = graph.nodes.find((n) => n.id === req.nodeId);
  if (!node) throw notFound("Node");
  const alone = {
    ...graph,
    nodes: [{ ...node, input_default: { ...node.input_default, ...req.inputs } }],
    links: [],
  };
  // Only this node's own problems count (a required pin that was linked now needs a value).
  const problems = assertRunnable(alone, blockCatalog);
  if (problems.length > 0) {
    throw badRequest(
      "This node cannot run on its own",
      problems.map((p) => ({
        path: p.pin ? `inputs.${p.pin}` : p.node_id ? `nodes.${p.node_id}` : p.path,
        message: p.message,
      })),
    );
  }
  const { nodes, sealed } = await bindRunCredentials(env.DB, req.ownerId, alone, blockCatalog);
  const executionId = await newExecutionId(req.ownerId, graph.id, undefined);
  const started = await runStub(env, executionId).start({
    executionId,
    ownerId: req.ownerId,
    graphId: graph.id,
    graphVersion: graph.version,
    graph: { nodes, links: [] },
    inputs: {},
    idempotencyKey: null,
    options: { announceToOwner: false, trigger: { type: "manual" }, callbackUrl: null },
    credentials: sealed,
  });
  if (!started.ok) throw startErrors(started.errors);
  return { executionId };
}
