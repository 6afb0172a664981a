// Operators: the `ADMIN_USERS` var lists them (comma-separated user ids or emails, case-insensitive for
// emails). Admins see analytics across users and the Prometheus metrics.

/** The admin allow-list, trimmed and lower-cased; empty when `ADMIN_USERS` is unset. */
export function adminAllowList(env: Pick<Env, "ADMIN_USERS">): Set<string> {
  return new Set(
    (env.ADMIN_USERS ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s.length > 0),
  );
}

/**
 * Whether a user is on the allow-list by id or email.
 * @example if (!isAdmin(c.env, { id: userId, email })) throw forbidden();
 */
export function isAdmin(env: Pick<Env, "ADMIN_USERS">, user: { id: string; email?: string | null }): boolean {
  const list = adminAllowList(env);
  if (list.size === 0) return false;
  return list.has(user.id.toLowerCase()) || (!!user.email && list.has(user.email.toLowerCase()));
}

/** `isAdmin` for a user known by id only: reads the email from D1 when the list names emails. */
export async function isAdminUser(env: Pick<Env, "ADMIN_USERS" | "DB">, userId: string): Promise<boolean> {
  const list = adminAllowList(env);
  if (list.size === 0) return false;
  if (list.has(userId.toLowerCase())) return true;
  const row = await env.DB.prepare("SELECT email FROM users WHERE id = ?").bind(userId).first<{ email: string }>();
  return isAdmin(env, { id: userId, email: row?.email });
}
