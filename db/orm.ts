// The drizzle handle on D1 for worker/ and durable-objects/: one per binding, kept for the isolate's life (the
// binding object of an env does not change), so a hot path does not build a new session per query.
import { fillPlaceholders, is, SQL } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";

export type Orm = DrizzleD1Database;

const handles = new WeakMap<D1Database, Orm>();

/** @example await orm(env.DB).delete(executions).where(eq(executions.id, id)); */
export function orm(d1: D1Database): Orm {
  let handle = handles.get(d1);
  if (!handle) {
    handle = drizzle(d1);
    handles.set(d1, handle);
  }
  return handle;
}

const dialect = new SQLiteAsyncDialect();

/**
 * A drizzle query (or `sql` template) as a bound D1 statement, for D1's own `batch`. The run's index batch
 * mixes query-builder statements with `sql` templates, and drizzle's D1 batch cannot carry a parameterised
 * `sql` template (`db.run(sql…)`: "Cannot read properties of undefined (reading 'bind')", drizzle-orm#2277).
 * @example await db.batch([d1Statement(db, orm(db).insert(notifications).values(row))]);
 */
export function d1Statement(d1: D1Database, query: SQL | { toSQL(): { sql: string; params: unknown[] } }) {
  const built = is(query, SQL) ? dialect.sqlToQuery(query) : query.toSQL();
  return d1.prepare(built.sql).bind(...built.params);
}

/**
 * A statement drizzle builds once per isolate, its parameters named with `sql.placeholder(name)`; each call only
 * binds values (drizzle's own fillPlaceholders: columns encode them, JSON columns as their text). For hot paths: drizzle builds a query's SQL anew on
 * every call (about 0.1 ms for an upsert), which a run's end pays several times.
 * @example const add = statementTemplate((o) => o.insert(t).values({ id: sql.placeholder("id") })); add(db, { id });
 */
export function statementTemplate<K extends string>(
  build: (o: Orm) => SQL | { toSQL(): { sql: string; params: unknown[] } },
) {
  let built: { sql: string; params: unknown[] } | undefined;
  return (d1: D1Database, values: Record<K, unknown>): D1PreparedStatement => {
    if (!built) {
      const query = build(orm(d1));
      built = is(query, SQL) ? dialect.sqlToQuery(query) : query.toSQL();
    }
    return d1.prepare(built.sql).bind(...fillPlaceholders(built.params, values));
  };
}
