// The Durable Object that owns a run, and how execution ids are made.
import { type GraphRunRpc, graphRunStub } from "../../durable-objects/stubs";

export type { GraphRunRpc };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isExecutionId = (id: string) => UUID.test(id);

/** @example await runStub(c.env, executionId).view(userId) */
export const runStub = (env: Env, executionId: string): GraphRunRpc => graphRunStub(env, executionId);

/**
 * The execution id for a new run. With an Idempotency-Key it is derived from the owner, the graph and the key,
 * so a retried request reaches the same run's object (which answers with the existing run) — race-free. The
 * graph is part of it so that the same key sent to another graph starts that graph's run rather than answering
 * with a run of the first graph.
 */
export async function newExecutionId(
  ownerId: string,
  graphId: string,
  idempotencyKey: string | undefined,
): Promise<string> {
  if (!idempotencyKey) return crypto.randomUUID();
  const digest = new Uint8Array(
    await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(`agentflare-execution\u0000${ownerId}\u0000${graphId}\u0000${idempotencyKey}`),
    ),
  );
  digest[6] = ((digest[6] as number) & 0x0f) | 0x50; // version 5 style (name-based, SHA)
  digest[8] = ((digest[8] as number) & 0x3f) | 0x80;
  const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
