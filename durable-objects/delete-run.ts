// Deleting a run's data once it is final: the R2 objects it recorded and any under its prefix, its D1 index row,
// its alarm and its storage (the object itself then holds nothing).
import { and, eq } from "drizzle-orm";
import { orm } from "../db/orm";
import { executions } from "../db/schema";
import { runPrefix } from "./block-context";
import type { RunRow, RunStore } from "./run-store";

export async function deleteRunData(env: Env, ctx: DurableObjectState, store: RunStore, run: RunRow): Promise<void> {
  const keys = store.blobs();
  for (let i = 0; i < keys.length; i += 1000) await env.FILES.delete(keys.slice(i, i + 1000));
  const listed = await env.FILES.list({ prefix: runPrefix(run.ownerId, run.executionId) });
  if (listed.objects.length > 0) await env.FILES.delete(listed.objects.map((o) => o.key));
  await orm(env.DB)
    .delete(executions)
    .where(and(eq(executions.id, run.executionId), eq(executions.ownerId, run.ownerId)));
  await ctx.storage.deleteAlarm();
  await store.deleteAll();
}
