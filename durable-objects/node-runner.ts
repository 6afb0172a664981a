// Runs one node execution's block inside the run's object: resolves large-value references, builds the
// block's ctx, applies the node's timeout, and turns what happened into an Outcome for the engine
// (outputs, an error, a retry under the node's policy, or a pause for review), with every secret the block read
// from the vault cut out of it (durable-objects/node-secrets.ts). Never throws.
import { type EngineServices, RetryableError } from "../blocks/contract";
import { modelCostCents } from "../blocks/llm/models";
import { getBlock } from "../blocks/registry";
import { DEFAULT_BLOCK_LIMITS } from "../blocks/runtime/block-limits";
import { executeBlock } from "../blocks/runtime/execute";
import { inMemoryContext } from "../blocks/runtime/in-memory-context";
import { createSafeFetch, resolverFromEnv, safeFetchLimitsFromEnv } from "../blocks/runtime/safe-fetch";
import { configureTemplateLimits } from "../blocks/runtime/template";
import type { IndexedNode } from "../engine/graph-index";
import { dropUnfitOutputs, maxJsonDepth, type OutputBounds } from "../engine/json-limits";
import type { NodeExec, PinValue } from "../engine/node-exec";
import { blockInput } from "../engine/readiness";
import { nodeTimeoutMs, retryDelay, retryPolicy } from "../engine/run-rules";
import { addUsage } from "../engine/usage";
import { type BlockContextDeps, createBlockContext, runPrefix } from "./block-context";
import { offloadLarge, resolveRefs } from "./large-values";
import { createModelServices } from "./model-services";
import { NodeSecrets } from "./node-secrets";
import { endpointTrust, operatorEndpoints, outboundTrust } from "./operator-endpoints";
import { defaultNodeTimeoutMs, inlineValueBytes } from "./run-limits";
import type { RunRow } from "./run-store";

/** What the block runner reports back for one node execution. */
export type Outcome =
  | { kind: "done"; outputs: PinValue[]; error?: string }
  | { kind: "review" }
  | { kind: "retry"; delayMs: number; error: string }
  | { kind: "abandoned" };

export class NodeTimeoutError extends Error {
  override name = "NodeTimeoutError";
  constructor(ms: number) {
    super(`Node timed out after ${ms} ms`);
  }
}

export type NodeRunDeps = {
  env: Env;
  run: RunRow;
  node: IndexedNode;
  exec: NodeExec;
  /** Aborted on cancel, run failure and this node's timeout. */
  controller: AbortController;
  onBlob(key: string): void;
  services: EngineServices;
  /** True (once) when the block asked for a review during this attempt. */
  reviewRequested(): boolean;
  /** Called before this node's own R2 reads and writes (the run's pending step must be committed first). */
  beforeIo(): void;
  /** Text an AI block is generating, for the live view, read when the host's throttle sends it. */
  onText?(text: () => string): void;
  /** Whether anyone watches the live text now (AI blocks stream only then). */
  textListening?(): boolean;
  /** The run's own credential reader (sealed rows from the start request, else D1). */
  readCredential?: BlockContextDeps["readCredential"];
};

/** @example const outcome = await runNode({ env, run, node, exec, controller, onBlob, services, reviewRequested }); */
export async function runNode(deps: NodeRunDeps): Promise<Outcome> {
  const { env, run, node, exec, controller, onBlob } = deps;
  const signal = controller.signal;
  const block = getBlock(exec.blockId);
  configureTemplateLimits(env);
  if (!block) return { kind: "done", outputs: [], error: `Block ${exec.blockId} is not available` };
  const guard = {
    ...safeFetchLimitsFromEnv(env),
    fetch: (request: Request) => fetch(request, { signal }),
    resolve: resolverFromEnv(env),
  };
  const secrets = new NodeSecrets();
  const onText = deps.onText;
  const fullCtx = secrets.guard(
    createBlockContext({
      env,
      ids: {
        userId: run.ownerId,
        graphId: run.graphId,
        graphVersion: run.graphVersion,
        graphExecId: run.executionId,
        nodeId: exec.nodeId,
        nodeExecId: exec.id,
      },
      signal,
      onBlob,
      // User-steered URLs and the URLs built from the operator's endpoints get the same guard; only the latter
      // may reach those endpoints when they are private.
      fetch: createSafeFetch({ ...guard, ...outboundTrust(env) }),
      endpointFetch: (name, input, init) => createSafeFetch({ ...guard, ...endpointTrust(env, name) })(input, init),
      endpoints: operatorEndpoints(env).endpoints,
      engine: deps.services,
      ...(deps.readCredential ? { readCredential: deps.readCredential } : {}),
      // Tokens are counted on the execution as they are spent: a retried attempt keeps what earlier ones cost.
      models: createModelServices(
        env,
        signal,
        (usage) => {
          exec.stats = addUsage(exec.stats, usage, modelCostCents(usage.model, usage.inputTokens, usage.outputTokens));
        },
        onText && {
          onText: (text) => onText(() => secrets.scrub(text)),
          listening: deps.textListening ?? (() => true),
        },
      ),
    }),
  );
  const ctx = block.inMemory ? inMemoryContext(block.name, fullCtx) : fullCtx;
  // Sub-agents and reviews wait on other runs and people; their own bounds apply there.
  const waits = block.blockType === "AGENT" || block.blockType === "HUMAN_IN_THE_LOOP";
  const timeoutMs = nodeTimeoutMs(node.metadata, block.timeoutMs, waits, defaultNodeTimeoutMs(env));
  const prefix = runPrefix(run.ownerId, run.executionId);
  const bounds: OutputBounds = {
    maxDepth: maxJsonDepth(env),
    maxChars: (fullCtx.limits ?? DEFAULT_BLOCK_LIMITS).outputValueChars,
  };
  const outputs: PinValue[] = [];
  // What the node leaves is stored, sent on the run's sockets and shown on shared pages: no secret the block read.
  const settle = async (error?: string): Promise<Outcome> => {
    const fit = dropUnfitOutputs(secrets.scrub(outputs), bounds);
    const stored = await offloadLarge(env.FILES, prefix, fit.outputs, onBlob, deps.beforeIo, inlineValueBytes(env));
    const last = stored[stored.length - 1];
    const failed =
      fit.error ?? (error !== undefined ? secrets.scrub(error) : last?.[0] === "error" ? String(last[1]) : undefined);
    return failed === undefined ? { kind: "done", outputs: stored } : { kind: "done", outputs: stored, error: failed };
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const input = blockInput(node, await resolveRefs(env.FILES, exec.input, deps.beforeIo));
    const work = (async () => {
      for await (const output of executeBlock(block, input, ctx)) outputs.push(output);
    })();
    // A block still running after its timeout may fail later; nobody is listening by then.
    work.catch(() => undefined);
    const limits: Promise<void>[] = [work];
    if (timeoutMs > 0) {
      limits.push(
        new Promise<void>((_, reject) => {
          timer = setTimeout(() => reject(new NodeTimeoutError(timeoutMs)), timeoutMs);
        }),
      );
    }
    await Promise.race(limits);
  } catch (err) {
    if (err instanceof NodeTimeoutError) controller.abort(err);
    else if (signal.aborted) return { kind: "abandoned" };
    const delayMs =
      err instanceof RetryableError ? retryDelay(retryPolicy(node.metadata), exec.retry, err.retryAfterMs) : null;
    if (delayMs !== null) return { kind: "retry", delayMs, error: secrets.scrub((err as Error).message) };
    return settle(err instanceof Error ? err.message : String(err));
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (deps.reviewRequested()) return { kind: "review" };
  return settle();
}
