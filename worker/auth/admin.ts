// The admin role: users named in ADMIN_USERS (comma-separated user ids or emails). Store reviews use it;
// so may monitoring's cross-user views. Emails are compared case-insensitively.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { forbidden } from "../errors";

/** The allow-list as configured: ids as written, emails lower-cased. */
export function adminAllowList(env: Pick<Env, "ADMIN_USERS">): { ids: Set<string>; emails: Set<string> } {
  const entries = (env.ADMIN_USERS ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  return {
    ids: new Set(entries.filter((e) => !e.includes("@"))),
    emails: new Set(entries.filter((e) => e.includes("@")).map((e) => e.toLowerCase())),
  };
}

/** Whether the user is an admin (one D1 read for the email, only when the list names emails). */
export async function isAdmin(env: Pick<Env, "ADMIN_USERS" | "DB">, userId: string): Promise<boolean> {
  const { ids, emails } = adminAllowList(env);
  if (ids.has(userId)) return true;
  if (emails.size === 0) return false;
  const row = await env.DB.prepare("SELECT email FROM users WHERE id = ?").bind(userId).first<{ email: string }>();
  return row !== null && emails.has(row.email.toLowerCase());
}

/**
 * 403 unless the authenticated caller is an admin; put it after `requireAuth`.
 * @example middleware: [requireAuth("write"), requireAdmin()] as const
 */
export const requireAdmin = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!(await isAdmin(c.env, c.get("auth").userId))) throw forbidden("Only admins may do this");
  await next();
};
