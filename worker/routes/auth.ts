// Built-in accounts: signup, login (email + password) and the current user.
import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { users } from "../../db/schema";
import { decoyPasswordHash, hashPassword, verifyPassword } from "../auth/password";
import { signSession } from "../auth/session-jwt";
import { conflict, unauthorized } from "../errors";
import { requireAuth } from "../middleware/auth";
import { ipRateLimit } from "../middleware/rate-limit";
import { ErrorBody, json, security } from "../openapi";
import { newRouter } from "../router";

const Credentials = z
  .object({
    email: z.email().max(254).toLowerCase().openapi({ example: "ada@example.com" }),
    password: z.string().min(8).max(1024).openapi({ example: "correct horse battery" }),
  })
  .openapi("Credentials");

export const User = z.object({ id: z.uuid(), email: z.string() }).openapi("User");
export const Session = z.object({ token: z.string(), user: User }).openapi("Session");

const signup = createRoute({
  method: "post",
  path: "/signup",
  tags: ["auth"],
  summary: "Create an account and get a session token",
  middleware: [ipRateLimit()] as const,
  request: { body: { ...json(Credentials, "Email and password (at least 8 characters)"), required: true } },
  responses: {
    201: json(Session, "Account created"),
    400: json(ErrorBody, "Invalid email or password too short"),
    409: json(ErrorBody, "Email already registered"),
    429: json(ErrorBody, "Too many attempts from this address"),
  },
});

const login = createRoute({
  method: "post",
  path: "/login",
  tags: ["auth"],
  summary: "Exchange email and password for a session token",
  middleware: [ipRateLimit()] as const,
  request: { body: { ...json(Credentials, "Email and password"), required: true } },
  responses: {
    200: json(Session, "Signed in"),
    400: json(ErrorBody, "Invalid request body"),
    401: json(ErrorBody, "Wrong email or password"),
    429: json(ErrorBody, "Too many attempts from this address"),
  },
});

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["auth"],
  summary: "The signed-in user",
  middleware: [requireAuth("read")] as const,
  security,
  responses: {
    200: json(User, "The current user"),
    401: json(ErrorBody, "Missing or invalid credentials"),
  },
});

export const authRoutes = newRouter();
authRoutes.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
  type: "http",
  scheme: "bearer",
  description: "Session JWT from /auth/login, an external identity token, or an API key",
});
authRoutes.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
  type: "apiKey",
  in: "header",
  name: "X-API-Key",
});

authRoutes.openapi(signup, async (c) => {
  const { email, password } = c.req.valid("json");
  const id = crypto.randomUUID();
  const passwordHash = await hashPassword(password);
  // The unique email index decides races between concurrent signups; no row back means the email is taken.
  const inserted = await drizzle(c.env.DB)
    .insert(users)
    .values({ id, email, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted.length === 0) throw conflict("An account with this email already exists");
  return c.json({ token: await signSession(c.env, id), user: { id, email } }, 201);
});

authRoutes.openapi(login, async (c) => {
  const { email, password } = c.req.valid("json");
  const [user] = await drizzle(c.env.DB)
    .select({
      id: users.id,
      email: users.email,
      passwordHash: users.passwordHash,
      sessionGeneration: users.sessionGeneration,
    })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  // Hash even when there is no such user (or it signs in externally) so timing does not reveal which emails exist.
  const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user?.passwordHash || !matches) throw unauthorized("Wrong email or password");
  const token = await signSession(c.env, user.id, user.sessionGeneration);
  return c.json({ token, user: { id: user.id, email: user.email } }, 200);
});

authRoutes.openapi(me, async (c) => {
  const { userId } = c.get("auth");
  const [user] = await drizzle(c.env.DB)
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  // A valid token for a deleted user is no longer a session.
  if (!user) throw unauthorized("User no longer exists");
  return c.json(user, 200);
});
