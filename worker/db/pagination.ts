// Keyset pagination for newest-first lists (`?limit=&cursor=` → `{items, next_cursor}`). Rows are ordered by
// (created_at, id) descending; the cursor is the position of the last item served, so pages stay stable
// while rows are added and ids break ties between rows created in the same millisecond.
import { z } from "@hono/zod-openapi";
import { and, type Column, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { badRequest } from "../errors";

/** Where a page ended: the last item's created_at and id. */
export const Cursor = z.object({ created_at: z.string(), id: z.string() });
export type Cursor = z.infer<typeof Cursor>;

/**
 * The query every list endpoint accepts.
 * @example createRoute({ method: "get", path: "/", request: { query: PageQuery }, ... })
 */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});

/**
 * The opaque form sent to clients as `next_cursor`.
 * @example c.json({ items, next_cursor: next ? encodeCursor(next) : null }, 200)
 */
export const encodeCursor = (cursor: Cursor) => btoa(JSON.stringify(cursor));

/**
 * A client's `cursor` parameter back to a position; 400 on the `cursor` field when it is not one of ours.
 * @example const after = cursor ? decodeCursor(cursor) : undefined;
 */
export function decodeCursor(text: string): Cursor {
  const invalid = () =>
    badRequest("Invalid cursor", [{ path: "cursor", message: "Not a cursor returned by this endpoint" }]);
  let raw: unknown;
  try {
    raw = JSON.parse(atob(text));
  } catch {
    throw invalid();
  }
  const parsed = Cursor.safeParse(raw);
  if (!parsed.success) throw invalid();
  return parsed.data;
}

/** The (created_at, id) columns a table is listed by. */
export type KeysetColumns = { createdAt: Column; id: Column };

/** WHERE condition for the rows after `after` in newest-first order; undefined (no condition) on the first page. */
export const olderThan = ({ createdAt, id }: KeysetColumns, after: Cursor | undefined): SQL | undefined =>
  after ? or(lt(createdAt, after.created_at), and(eq(createdAt, after.created_at), lt(id, after.id))) : undefined;

/** ORDER BY for newest first, ties broken by id (the order `olderThan` continues). */
export const newestFirst = ({ createdAt, id }: KeysetColumns) => [desc(createdAt), desc(id)] as const;

/**
 * Splits rows fetched with `LIMIT limit + 1` into the page and the cursor of the next one (null on the last
 * page): the extra row only says whether there is more.
 * @example
 * const rows = await db.select().from(t).where(and(owner, olderThan(t, after))).orderBy(...newestFirst(t)).limit(limit + 1);
 * const { page, next } = splitPage(rows, limit);
 */
export function splitPage<T extends { createdAt: string; id: string }>(rows: T[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next: Cursor | null = rows.length > limit && last ? { created_at: last.createdAt, id: last.id } : null;
  return { page, next };
}

/**
 * The `{items, next_cursor}` body of a page from `splitPage`, each row turned into its API shape.
 * @example return c.json(pageBody(await listExecutions(...), summaryOfRow), 200);
 */
export const pageBody = <T, V>({ page, next }: { page: T[]; next: Cursor | null }, view: (row: T) => V) => ({
  items: page.map(view),
  next_cursor: next ? encodeCursor(next) : null,
});
