// Refuses JSON request bodies nested deeper than MAX_JSON_DEPTH (400 with the path and the limit) before any
// route sees them, so no request can store a value that later code cannot walk; and bodies with a `__proto__` key,
// which the routes' schemas would drop without a word (a run's `credentials_inputs.__proto__` was accepted). The parsed body is cached by
// Hono, so the route's validator does not parse it again.
import type { MiddlewareHandler } from "hono";
import { jsonDepthProblem, maxJsonDepth, PROTOTYPE_KEY_REFUSED } from "../../engine/json-limits";
import type { AppEnv } from "../env";
import { badRequest } from "../errors";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

export const jsonDepthLimit = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const type = c.req.header("content-type")?.split(";")[0]?.trim() ?? "";
  if (c.req.method === "GET" || c.req.method === "HEAD" || !JSON_TYPE.test(type)) return next();
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return next(); // malformed JSON: the route's validator answers 400
  }
  const limit = maxJsonDepth(c.env);
  const problem = jsonDepthProblem(body, limit, "", true);
  if (problem?.message === PROTOTYPE_KEY_REFUSED) throw badRequest("Request body has a key __proto__", [problem]);
  if (problem) throw badRequest(`Request body is nested deeper than ${limit} levels`, [problem]);
  return next();
};
