// The BlockContext a node runs with inside its run's Durable Object: the only way a block reaches the
// outside. Files live in R2 under the run's prefix (so deleting a run deletes them); key-values live in
// D1 scoped by owner (and by graph for the "agent" scope); the abort signal fires on cancel and timeout.

import { and, eq, sql } from "drizzle-orm";
import type {
  BlockContext,
  BlockLogger,
  BlockRunIds,
  EngineServices,
  ModelServices,
  StoredFile,
} from "../blocks/contract";
import { blockLimitsFromEnv } from "../blocks/runtime/block-limits";
import { sandboxLimitsFromEnv } from "../blocks/sandbox/limits";
import { orm } from "../db/orm";
import { keyValues } from "../db/schema";
import { logger } from "../engine/log";
import { readCredential } from "./vault-read";

export const R2_SCHEME = "r2://";

/** R2 prefix of everything a run stores; the owner id first so a user's files can be found. */
export const runPrefix = (ownerId: string, executionId: string) => `runs/${ownerId}/${executionId}/`;

export type BlockContextDeps = {
  env: Env;
  ids: BlockRunIds;
  signal: AbortSignal;
  engine: EngineServices;
  /** Records an R2 key the run owns (deleted with the run). */
  onBlob(key: string): void;
  fetch: BlockContext["fetch"];
  /** The fetch for URLs built from `endpoints` (operator-endpoints.ts `endpointTrust`). */
  endpointFetch?: BlockContext["endpointFetch"];
  /** Provider endpoints and token accounting for AI blocks. */
  models?: ModelServices;
  /** Operator-configured endpoints (durable-objects/operator-endpoints.ts). */
  endpoints?: BlockContext["endpoints"];
  /** Reads the owner's credential (the run's sealed copies first); D1 when absent. */
  readCredential?: BlockContext["credentials"]["get"];
};

/** A block's log lines carry its run's and node's ids (engine/log.ts, `LOG_LEVEL`). */
function blockLogger(env: Env, ids: BlockRunIds): BlockLogger {
  return logger(env, { execution_id: ids.graphExecId, node_id: ids.nodeId, node_exec_id: ids.nodeExecId });
}

const kvScope = (scope: string, ids: BlockRunIds) => (scope === "agent" ? `agent:${ids.graphId}` : "user");

/** @example const ctx = createBlockContext({ env, ids, signal, engine, onBlob, fetch: safeFetch }) */
export function createBlockContext(deps: BlockContextDeps): BlockContext {
  const { env, ids } = deps;
  const ownPrefix = `runs/${ids.userId}/`;
  return {
    ids,
    fetch: deps.fetch,
    ...(deps.endpointFetch ? { endpointFetch: deps.endpointFetch } : {}),
    files: {
      async put(name, data, contentType = "application/octet-stream"): Promise<StoredFile> {
        const safeName = name.replace(/[^\w.-]+/g, "_").slice(0, 120) || "file";
        const key = `${runPrefix(ids.userId, ids.graphExecId)}files/${crypto.randomUUID()}/${safeName}`;
        const object = await env.FILES.put(key, data, { httpMetadata: { contentType }, customMetadata: { name } });
        deps.onBlob(key);
        return { uri: `${R2_SCHEME}${key}`, name, contentType, size: object?.size ?? 0 };
      },
      async get(uri) {
        if (!uri.startsWith(R2_SCHEME)) return null;
        const key = uri.slice(R2_SCHEME.length);
        // A block may read only its owner's files.
        if (!key.startsWith(ownPrefix) || key.includes("..")) return null;
        const object = await env.FILES.get(key);
        if (!object) return null;
        return {
          data: new Uint8Array(await object.arrayBuffer()),
          contentType: object.httpMetadata?.contentType ?? "application/octet-stream",
          name: object.customMetadata?.name ?? key.slice(key.lastIndexOf("/") + 1),
        };
      },
    },
    kv: {
      async get(scope, key) {
        const row = await orm(env.DB)
          .select({ value: keyValues.value })
          .from(keyValues)
          .where(
            and(eq(keyValues.ownerId, ids.userId), eq(keyValues.scope, kvScope(scope, ids)), eq(keyValues.key, key)),
          )
          .get();
        return row ? row.value : undefined;
      },
      async set(scope, key, value) {
        await orm(env.DB)
          .insert(keyValues)
          .values({
            ownerId: ids.userId,
            scope: kvScope(scope, ids),
            key,
            // Stored as JSON text even for null ('null', not SQL NULL), as before.
            value: sql`${JSON.stringify(value)}`,
            updatedAt: sql`strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
          })
          .onConflictDoUpdate({
            target: [keyValues.ownerId, keyValues.scope, keyValues.key],
            set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` },
          });
      },
    },
    credentials: {
      // Only the run owner's credentials resolve; the key stays in env, the secret only in the block's hands.
      get: deps.readCredential ?? ((id) => readCredential(env, ids.userId, id)),
    },
    logger: blockLogger(env, ids),
    endpoints: deps.endpoints ?? {},
    signal: deps.signal,
    timezone: "UTC",
    now: () => new Date(),
    sandboxLimits: sandboxLimitsFromEnv(env as unknown as Record<string, unknown>),
    limits: blockLimitsFromEnv(env as unknown as Record<string, unknown>),
    engine: deps.engine,
    ...(deps.models ? { models: deps.models } : {}),
  };
}
