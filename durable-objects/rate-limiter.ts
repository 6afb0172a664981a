import { DurableObject } from "cloudflare:workers";

/** Token bucket per rate-limit key. */
export class RateLimiter extends DurableObject<Env> {}
