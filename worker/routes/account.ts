// Account security for signed-in users: change the password (the old one required) and sign out everywhere.
// Both end every session of the user (session-generation.ts); changing the password hands the caller a fresh token.
import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { users } from "../../db/schema";
import { hashPassword, verifyPassword } from "../auth/password";
import { bumpGeneration } from "../auth/session-generation";
import { signSession } from "../auth/session-jwt";
import type { AppEnv } from "../env";
import { badRequest, forbidden, unauthorized } from "../errors";
import { requireAuth } from "../middleware/auth";
import { ipRateLimit } from "../middleware/rate-limit";
import { ErrorBody, json, security } from "../openapi";
import { newRouter } from "../router";
import { Session } from "./auth";

const PasswordChange = z
  .object({
    current_password: z.string().min(1).max(1024),
    new_password: z.string().min(8).max(1024).openapi({ example: "a longer passphrase" }),
  })
  .openapi("PasswordChange");

const errors = {
  401: json(ErrorBody, "Not signed in (or the session has ended)"),
  403: json(ErrorBody, "Only a signed-in session (not an API key) may do this"),
  429: json(ErrorBody, "Too many attempts from this address"),
};

const changePassword = createRoute({
  method: "post",
  path: "/password",
  tags: ["auth"],
  summary: "Change the password (the current one required); every other session ends, a fresh token comes back",
  middleware: [ipRateLimit(), requireAuth("write")] as const,
  security,
  request: { body: { ...json(PasswordChange, "Current and new password"), required: true } },
  responses: {
    200: json(Session, "Changed: the caller's new session"),
    400: json(ErrorBody, "Wrong current password (`current_password`) or a new one too short"),
    ...errors,
  },
});

const signOutEverywhere = createRoute({
  method: "post",
  path: "/logout-all",
  tags: ["auth"],
  summary: "Sign out everywhere: every session token of the user stops working, this one included",
  middleware: [requireAuth()] as const,
  security,
  responses: { 204: { description: "Every session ended" }, ...errors },
});

/** API keys are for programs; they may not change how their owner signs in. */
function sessionUser(c: Context<AppEnv>): string {
  const { userId, via } = c.get("auth");
  if (via === "api_key") throw forbidden("Sign in with your password to change account security");
  return userId;
}

export const accountRoutes = newRouter();

accountRoutes.openapi(changePassword, async (c) => {
  const userId = sessionUser(c);
  const { current_password, new_password } = c.req.valid("json");
  const db = drizzle(c.env.DB);
  const [user] = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user) throw unauthorized("User no longer exists");
  if (!user.passwordHash) throw badRequest("This account signs in through an external identity provider");
  if (!(await verifyPassword(current_password, user.passwordHash))) {
    throw badRequest("Wrong password", [{ path: "current_password", message: "is not your current password" }]);
  }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(new_password) })
    .where(eq(users.id, userId));
  const generation = await bumpGeneration(c.env.DB, userId);
  return c.json({ token: await signSession(c.env, userId, generation), user: { id: userId, email: user.email } }, 200);
});

accountRoutes.openapi(signOutEverywhere, async (c) => {
  await bumpGeneration(c.env.DB, sessionUser(c));
  return c.body(null, 204);
});
