// One webhook delivery, from the raw request to a started run: who sent it (secret or signature, once), is the
// graph still there and does its active version still have this trigger node, what is the payload (JSON, else
// the text), then the one start path with trigger "webhook". Every answer for a known webhook is recorded.
import type { RunResultView } from "../../engine/views";
import { ApiError, badRequest, notFound, unauthorized } from "../errors";
import { preparedGraph, startGraphRun } from "../executions/start";
import { rememberVersion } from "../graphs/version-cache";
import { withPreset } from "../library/presets";
import { GENERIC_WEBHOOK_TRIGGER_ID, type IngressWebhook } from "./repository";
import { checkDelivery, releaseSignature } from "./verify";

export type IngressRequest = {
  rawBody: string;
  contentType: string | undefined;
  authorization: string | undefined;
  signature: string | undefined;
  idempotencyKey: string | undefined;
  waitSeconds: number | undefined;
  /** The body's size in bytes, as recorded with the delivery. */
  bodyBytes: number;
};

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** The trigger's `payload`: the parsed body when it says it is JSON, else its text ({} when empty). */
function payloadOf(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === "") return {};
  if (!JSON_TYPE.test(contentType?.split(";")[0]?.trim() ?? "")) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest("The body says it is JSON but is not", [{ path: "body", message: "Invalid JSON" }]);
  }
}

/** Throws ApiError 401/404/410/400 as the ingress route answers; else the run (and its result with `wait`). */
export async function acceptDelivery(
  env: Env,
  hook: IngressWebhook,
  req: IngressRequest,
): Promise<{ executionId: string; run?: RunResultView; recordedByRun: boolean }> {
  const check = await checkDelivery(
    env,
    hook,
    { authorization: req.authorization, signature: req.signature },
    req.rawBody,
  );
  if (check.refusal !== null) throw unauthorized(check.refusal);
  try {
    return await startDelivery(env, hook, req, check.spentSignature);
  } catch (err) {
    // Nothing started: the signature this delivery spent stays good for the sender's retry. Failing to give it
    // back must not hide why the delivery failed.
    if (check.spentSignature) await releaseSignature(env, hook.id, check.spentSignature).catch(() => undefined);
    throw err;
  }
}

/** The authenticated part of a delivery: the graph, its trigger node, the payload, the run. */
async function startDelivery(
  env: Env,
  hook: IngressWebhook,
  req: IngressRequest,
  signature: string | null,
): Promise<{ executionId: string; run?: RunResultView; recordedByRun: boolean }> {
  const graphGone = () => notFound("The webhook's graph");
  if (hook.active_version === null) throw graphGone();
  // The active version came with the webhook row (one D1 read): the start path finds it here instead of asking
  // D1 again (the version's parsed graph is cached per isolate).
  rememberVersion(hook.owner_id, hook.graph_id, hook.active_version, hook.active_version);
  let version: number;
  try {
    const { graph } = await preparedGraph(env.DB, hook.owner_id, hook.graph_id, hook.active_version);
    if (!graph.nodes.some((n) => n.id === hook.node_id && n.block_id === GENERIC_WEBHOOK_TRIGGER_ID)) {
      throw new ApiError(410, "gone", "The graph's active version has no trigger node for this webhook");
    }
    version = graph.version;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) throw graphGone();
    throw err;
  }
  const payload = payloadOf(req.rawBody, req.contentType);
  // A webhook naming a preset runs with its inputs and credentials, as a schedule naming one does (deleting the
  // preset unsets it, so a 404 here is only a delete racing this delivery).
  const { inputs, credentialsInputs } = await withPreset(env.DB, hook.owner_id, hook.preset_id, hook.graph_id, {
    inputs: {},
  });
  const waitMs = req.waitSeconds && req.waitSeconds > 0 ? req.waitSeconds * 1000 : undefined;
  // A plain 202 is recorded by the new run, in its index row's D1 batch (no D1 write of its own here); an answer
  // that waited for the run is recorded by the route, which knows whether it was 200 or 202.
  const webhookDelivery = waitMs
    ? undefined
    : { id: crypto.randomUUID(), webhookId: hook.id, bodyBytes: req.bodyBytes, at: new Date().toISOString() };
  const { executionId, run, created } = await startGraphRun(env, {
    ownerId: hook.owner_id,
    graphId: hook.graph_id,
    version,
    inputs,
    credentialsInputs,
    nodeInputs: { [hook.node_id as string]: { payload } },
    // A signed delivery is its own key: a retry let through after its signature was given back (the start failed
    // after the run was stored) reaches that run instead of starting a second one.
    idempotencyKey: req.idempotencyKey
      ? `webhook:${hook.id}:${req.idempotencyKey}`
      : signature
        ? `webhook:${hook.id}:signature:${signature}`
        : undefined,
    waitMs,
    trigger: { type: "webhook", webhook_id: hook.id },
    webhookDelivery,
  });
  // An Idempotency-Key that reached an existing run: that run recorded its own delivery, not this one.
  return { executionId, run, recordedByRun: created && webhookDelivery !== undefined };
}
