import type { AuthIdentity } from "./auth/identity";

/** Hono environment for every route: the Worker bindings plus what middleware puts on the context. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    auth: AuthIdentity;
  };
};
