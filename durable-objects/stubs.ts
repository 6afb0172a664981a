// Typed stubs of the platform's Durable Objects: each RPC is checked against the object's own method signatures.
// The one cast lives here: the runtime's `Rpc` result mapping turns any branch of a result that carries `unknown`
// values (run views carry block outputs) into `never`, so the stub is typed with the methods' declared types
// (values cross by structured clone, which keeps them as declared).
import type { EventHub } from "./event-hub";
import type { GraphRun } from "./graph-run";
import { retryReleased } from "./run-release";

type Methods<T, K extends keyof T> = Pick<T, K>;

export type GraphRunRpc = Methods<
  GraphRun,
  | "start"
  | "view"
  | "awaitFinal"
  | "executionsForRerun"
  | "subscribe"
  | "cancel"
  | "reviews"
  | "review"
  | "destroy"
  | "childFinished"
  | "subRunResult"
>;
export type EventHubRpc = Methods<EventHub, "deliver" | "notify" | "revokeKey">;

/**
 * The run object of `executionId` (named by the execution id). A call that reaches the object just as it releases
 * itself (run-release.ts) never ran there, so it is sent once more (to the object opened again).
 */
export const graphRunStub = (env: Pick<Env, "GRAPH_RUN">, executionId: string): GraphRunRpc => {
  const stub = env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(executionId)) as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  return new Proxy(stub, {
    get(target, name) {
      if (typeof name !== "string" || name === "then") return Reflect.get(target, name);
      return (...args: unknown[]) =>
        retryReleased(() => (target[name] as (...a: unknown[]) => Promise<unknown>)(...args));
    },
  }) as unknown as GraphRunRpc;
};

/** A run object's `fetch` (its sockets), sent once more if the object was releasing itself. */
export const graphRunFetch = (env: Pick<Env, "GRAPH_RUN">, executionId: string, request: Request) =>
  retryReleased(() => env.GRAPH_RUN.get(env.GRAPH_RUN.idFromName(executionId)).fetch(request));

/** A user's event hub: by user id (its name), or by the id string run objects keep for subscribed hubs. */
export const eventHubStub = (env: Pick<Env, "EVENT_HUB">, hub: { userId: string } | { hubId: string }): EventHubRpc =>
  env.EVENT_HUB.get(
    "userId" in hub ? env.EVENT_HUB.idFromName(hub.userId) : env.EVENT_HUB.idFromString(hub.hubId),
  ) as unknown as EventHubRpc;
