// Key rotation on a deployed Worker: `POST /admin/credentials/rotate` (admins only) re-seals, under
// CREDENTIALS_KEY, a bounded number of vault credentials and webhook secrets still under a key of
// CREDENTIALS_KEY_PREVIOUS (the same code as `npm run credentials:rotate` locally: worker/credentials/rotate.ts).
// One call does at most `limit` rows, so it stays within a Worker invocation's subrequest and CPU limits; the
// caller passes `next_cursor` back until it is null (`npm run credentials:rotate -- --remote <url>` does).
// Answers counts, ids and reasons only: never a secret or a key.
import { createRoute, z } from "@hono/zod-openapi";
import { keyring, VaultConfigError } from "../../durable-objects/vault-cipher";
import { requireAdmin } from "../auth/admin";
import { type RotationCursor, rotationStep } from "../credentials/rotate";
import { ApiError, badRequest } from "../errors";
import { log } from "../log";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, json, security } from "../openapi";
import { newRouter } from "../router";

/** One number or list per kind of sealed row. */
const perKind = <T extends z.ZodType>(of: T) => z.object({ credentials: of, webhook_secrets: of });

const RotateBody = z
  .object({
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe("At most this many rows in this call (each is a D1 read and write: keep it under the plan's limits)"),
    cursor: z.string().max(1000).optional().describe("`next_cursor` of the previous call: goes on where it stopped"),
  })
  .openapi("CredentialRotationRequest");

const RotationAnswer = z
  .object({
    reencrypted: perKind(z.number().int()).describe("Rows re-sealed under CREDENTIALS_KEY by this call"),
    failed: perKind(z.array(z.object({ id: z.string(), error: z.string() }))).describe(
      "Rows of this call whose key is in neither CREDENTIALS_KEY nor CREDENTIALS_KEY_PREVIOUS: left as they are",
    ),
    remaining: perKind(z.number().int()).describe("Rows still under an old key that this pass has not reached yet"),
    next_cursor: z.string().nullable().describe("Pass it back to go on; null when the pass is over"),
  })
  .openapi("CredentialRotation");

/** The pass's position as the client carries it (base64 JSON, opaque to it). */
const CursorShape = z
  .object({ credentials: z.string().max(200).optional(), webhook_secrets: z.string().max(200).optional() })
  .strict();

function decodeRotationCursor(text: string): RotationCursor {
  try {
    return CursorShape.parse(JSON.parse(atob(text)));
  } catch {
    throw badRequest("Invalid cursor", [{ path: "cursor", message: "Not a next_cursor returned by this endpoint" }]);
  }
}

const rotate = createRoute({
  method: "post",
  path: "/admin/credentials/rotate",
  tags: ["credentials"],
  summary:
    "Admin: re-encrypt up to `limit` credentials and webhook secrets still under an old key with CREDENTIALS_KEY; call again with `next_cursor` until it is null",
  security,
  middleware: [requireAuth("write"), requireAdmin()] as const,
  request: { body: { content: { "application/json": { schema: RotateBody } }, required: false } },
  responses: {
    200: json(RotationAnswer, "What this call did and what is left"),
    400: json(ErrorBody, "Invalid limit or cursor"),
    401: json(ErrorBody, "Not authenticated"),
    403: json(ErrorBody, "Not an admin"),
    503: json(ErrorBody, "CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS is missing or malformed"),
  },
});

export const adminCredentialRoutes = newRouter();

adminCredentialRoutes.openapi(rotate, async (c) => {
  const { limit, cursor } = c.req.valid("json") ?? RotateBody.parse({});
  const after = cursor ? decodeRotationCursor(cursor) : {};
  let ring: Awaited<ReturnType<typeof keyring>>;
  try {
    ring = await keyring(c.env.CREDENTIALS_KEY, c.env.CREDENTIALS_KEY_PREVIOUS);
  } catch (err) {
    if (err instanceof VaultConfigError) throw new ApiError(503, "vault_unavailable", err.message);
    throw err;
  }
  const step = await rotationStep(c.env.DB, ring, limit, after);
  log(c.env, "info", "credentials rotated", {
    user_id: c.get("auth").userId,
    key_id: ring.current.id,
    reencrypted: step.reencrypted,
    failed: { credentials: step.failed.credentials.length, webhook_secrets: step.failed.webhook_secrets.length },
    remaining: step.remaining,
  });
  c.header("Cache-Control", "no-store");
  return c.json(
    {
      reencrypted: step.reencrypted,
      failed: step.failed,
      remaining: step.remaining,
      next_cursor: step.next ? btoa(JSON.stringify(step.next)) : null,
    },
    200,
  );
});
