// D1 schema (drizzle-orm). drizzle-kit generates migrations/ from this file: `npm run db:generate`.
// Every table that holds user data carries `owner_id`; every query filters on it (tenant isolation).
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    // "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"; null for users who only sign in through an external issuer.
    passwordHash: text("password_hash"),
    externalSubject: text("external_subject"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_external_subject_unique").on(t.externalSubject),
  ],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    // SHA-256 of the whole key; the key itself is shown once and never stored.
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash), index("api_keys_owner_idx").on(t.ownerId)],
);

/** One row per graph version; versions are immutable once written. */
export const graphs = sqliteTable(
  "graphs",
  {
    id: text("id").notNull(),
    version: integer("version").notNull(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(false),
    // The AutoGPT-compatible graph JSON (nodes, links, sub_graphs, ...).
    body: text("body", { mode: "json" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] }), index("graphs_owner_idx").on(t.ownerId, t.id)],
);

/** Index row per run; the run's Durable Object holds the detail (node executions, pin queues). */
export const executions = sqliteTable(
  "executions",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    graphVersion: integer("graph_version").notNull(),
    status: text("status").notNull(),
    parentExecutionId: text("parent_execution_id"),
    idempotencyKey: text("idempotency_key"),
    stats: text("stats", { mode: "json" }),
    createdAt: createdAt(),
    startedAt: text("started_at"),
    endedAt: text("ended_at"),
    /** The run's event sequence when the row was written: a late write never replaces a newer row. */
    eventSeq: integer("event_seq").notNull().default(0),
  },
  (t) => [
    index("executions_owner_graph_idx").on(t.ownerId, t.graphId, t.createdAt),
    uniqueIndex("executions_idempotency_unique").on(t.ownerId, t.idempotencyKey),
  ],
);

export const schedules = sqliteTable(
  "schedules",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    graphVersion: integer("graph_version"),
    name: text("name").notNull(),
    cron: text("cron").notNull(),
    timezone: text("timezone").notNull().default("UTC"),
    inputs: text("inputs", { mode: "json" }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    nextRunAt: text("next_run_at").notNull(),
    lastRunAt: text("last_run_at"),
    createdAt: createdAt(),
  },
  (t) => [index("schedules_due_idx").on(t.enabled, t.nextRunAt), index("schedules_owner_idx").on(t.ownerId)],
);

export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    nodeId: text("node_id"),
    // Hash of the URL secret; the secret is shown once.
    secretHash: text("secret_hash").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("webhooks_owner_idx").on(t.ownerId)],
);

/** Encrypted credentials vault: AES-GCM ciphertext, never returned by the API. */
export const credentials = sqliteTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    type: text("type").notNull(),
    title: text("title").notNull(),
    ciphertext: text("ciphertext").notNull(),
    iv: text("iv").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("credentials_owner_idx").on(t.ownerId, t.provider)],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    readAt: text("read_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_owner_idx").on(t.ownerId, t.createdAt)],
);

/** PersistInformation / RetrieveInformation key-values, scoped per user or per agent. */
export const keyValues = sqliteTable(
  "key_values",
  {
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    value: text("value", { mode: "json" }),
    createdAt: createdAt(),
    // Written by every PersistInformation write (migration 0005 added it; older rows took created_at).
    updatedAt: text("updated_at"),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.scope, t.key] })],
);

/**
 * Whether a user's event hub has graph-level subscribers (`subscribe_graph_executions`). New runs announce
 * their status to the owner's hub only then, so a user with no editor open costs no hub call per run. The hub
 * writes this row whenever that changes.
 */
export const graphWatches = sqliteTable("graph_watches", {
  ownerId: text("owner_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  watching: integer("watching", { mode: "boolean" }).notNull(),
  updatedAt: text("updated_at").notNull(),
});
