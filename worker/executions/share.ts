// Read-only links to a run. The token is shown once (only its SHA-256 is stored); one live link per run, a
// new share replaces it, revoking deletes it. The shared view holds the run's inputs (secret inputs and
// secret-named fields redacted, at any depth; secrets inside text masked: URL passwords and parameters, header and
// assignment lines, JSON text), its outputs and a node timeline — never node inputs, which carry credential
// references and defaults.
import { blockCatalog } from "../../blocks/catalog";
import type { GraphNode } from "../../graph/schema";
import {
  maskTextSecrets,
  REDACTED,
  redactedValues,
  redactSecretFields,
  SECRET_NAME,
  scrubValues,
} from "../../graph/secret-names";
import { toBase64url } from "../bytes";
import { notFound } from "../errors";
import { getGraphVersion } from "../graphs/repository";
import { sha256Hex } from "../sha256";
import type { SharedRun } from "../store/shapes";
import { isExecutionId, runStub } from "./run-stub";

const newToken = () => toBase64url(crypto.getRandomValues(new Uint8Array(24)));

/** Shares the owner's run; returns the new token. 404 when the run is not theirs. */
export async function shareRun(env: Env, ownerId: string, executionId: string): Promise<string> {
  if (!isExecutionId(executionId)) throw notFound("Execution");
  const indexed = await env.DB.prepare("SELECT 1 AS ok FROM executions WHERE id = ? AND owner_id = ?")
    .bind(executionId, ownerId)
    .first();
  // A run that has just ended may not be in the index yet (its row follows the run by a moment): its own object
  // knows whether it is the caller's.
  if (!indexed && !(await runStub(env, executionId).view(ownerId))) throw notFound("Execution");
  const token = newToken();
  await env.DB.prepare(
    `INSERT INTO shared_executions (execution_id, owner_id, token_hash) VALUES (?, ?, ?)
     ON CONFLICT (execution_id) DO UPDATE SET token_hash = excluded.token_hash,
       created_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
  )
    .bind(executionId, ownerId, await sha256Hex(token))
    .run();
  return token;
}

export async function revokeShare(env: Env, ownerId: string, executionId: string): Promise<void> {
  const { meta } = await env.DB.prepare("DELETE FROM shared_executions WHERE execution_id = ? AND owner_id = ?")
    .bind(executionId, ownerId)
    .run();
  if (meta.changes === 0) throw notFound("Shared link");
}

/** The shared view for a token, or null (unknown or revoked token, deleted run). */
export async function sharedRun(env: Env, token: string): Promise<SharedRun | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const share = await env.DB.prepare("SELECT execution_id, owner_id FROM shared_executions WHERE token_hash = ?")
    .bind(await sha256Hex(token))
    .first<{ execution_id: string; owner_id: string }>();
  if (!share) return null;
  const view = await runStub(env, share.execution_id).view(share.owner_id);
  if (!view) return null;
  const graph = await getGraphVersion(env.DB, share.owner_id, view.graph_id, view.graph_version);
  // Which inputs are secret: the version's nodes, or (the graph deleted since) the run's own copy of them; when
  // neither can be read, every input counts as secret.
  const nodes = graph?.nodes ?? (await snapshotNodes(env, share.execution_id, share.owner_id));
  const secretInputs = new Set(
    (nodes ?? [])
      .filter((n) => blockCatalog(n.block_id)?.blockType === "INPUT" && n.input_default?.secret === true)
      .map((n) => String(n.input_default.name)),
  );
  const secretInput = (name: string) => nodes === null || secretInputs.has(name);
  const inText: string[] = [];
  const inputs = Object.fromEntries(
    Object.entries(view.inputs).map(([k, v]) => [
      k,
      // A secret input or secret-named field goes whole; any other input is shown without the secret-named
      // fields inside it (an object input can carry an `api_key`, so can JSON text) and without the secrets in
      // its text (a URL's password, an `Authorization: Bearer …` line).
      secretInput(k) || SECRET_NAME.test(k)
        ? REDACTED
        : maskTextSecrets(redactSecretFields(v), redactSecretFields, inText),
    ]),
  );
  // What was redacted must not show elsewhere on the page either: a node's error or an output that repeats it
  // (and the secrets in text a node made itself are masked there too).
  const secrets = [...Object.entries(view.inputs).flatMap(([k, v]) => redactedValues(v, inputs[k])), ...inText];
  return {
    graph_name: graph?.name ?? "Agent",
    graph_version: view.graph_version,
    status: view.status,
    created_at: view.created_at,
    started_at: view.started_at,
    ended_at: view.ended_at,
    inputs,
    // Outputs are what the run made, shown as its owner shared them: no field is hidden by its name, in an object
    // or in JSON text (a model's `{"total_tokens": 12}` stays), only secrets inside text and the inputs' secrets.
    outputs: scrubValues(
      maskTextSecrets(view.outputs, (fields) => fields),
      secrets,
    ),
    timeline: view.node_executions.map((e) => ({
      node_id: e.node_id,
      block_id: e.block_id,
      status: e.status,
      error: e.error === null ? null : scrubValues(maskTextSecrets(e.error, redactSecretFields), secrets),
      started_at: e.started_at,
      ended_at: e.ended_at,
    })),
  };
}

/** The nodes of the graph as the run started it (kept by the run), or null when the run cannot tell. */
async function snapshotNodes(env: Env, executionId: string, ownerId: string): Promise<GraphNode[] | null> {
  const run = await runStub(env, executionId)
    .executionsForRerun(ownerId)
    .catch(() => null);
  const nodes = (run?.graph as { nodes?: unknown } | undefined)?.nodes;
  return Array.isArray(nodes) ? (nodes as GraphNode[]) : null;
}
