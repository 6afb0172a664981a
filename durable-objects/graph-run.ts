import { DurableObject } from "cloudflare:workers";

/** One graph execution. */
export class GraphRun extends DurableObject<Env> {}
