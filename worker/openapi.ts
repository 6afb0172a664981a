// Shared pieces of route declarations (`createRoute` from @hono/zod-openapi), so every router documents its
// errors, bodies and credentials the same way in the OpenAPI document.
import { z } from "@hono/zod-openapi";

/** The error shape every route answers with (rendered by `app.onError`); reuse it in route declarations. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .openapi("Error");

/**
 * `content` + `description` for a JSON request body or response in `createRoute`.
 * @example responses: { 200: json(GraphOut, "The graph"), 404: json(ErrorBody, "No such graph") }
 */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/**
 * For `createRoute({ security })` on protected routes: a session/external JWT or an API key (the schemes
 * `bearer` and `apiKey` are registered by the auth router).
 */
export const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];

/**
 * One path segment for `createRoute({ request: { params } })`: a non-empty string of at most `max` characters.
 * @example request: { params: z.object({ username: pathParam("username", 40), slug: pathParam("slug", 64) }) }
 */
export const pathParam = (name: string, max = 100) =>
  z
    .string()
    .min(1)
    .max(max)
    .openapi({ param: { name, in: "path" } });

/** The params of a `/{id}` route. */
export const IdParam = z.object({ id: pathParam("id") });

/** `Idempotency-Key`: the same key for the same graph reaches the run it started the first time. */
export const IdempotencyHeaders = z.object({
  "idempotency-key": z.string().max(200).optional().describe("A retry with the same key reaches the same run"),
});
