import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env";
import { badRequest, zodDetails } from "./errors";

/**
 * A router whose zod validation failures become our 400 error shape with field paths.
 * Routes declared with `createRoute` also land in the OpenAPI document.
 */
export const newRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = result.target === "json" ? "body" : result.target;
        throw badRequest(`Invalid request ${where}`, zodDetails(result.error.issues));
      }
    },
  });
