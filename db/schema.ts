// D1 schema (drizzle-orm). drizzle-kit generates migrations/ from this file: `npm run db:generate`.
// Every table that holds user data carries `owner_id`; every query filters on it (tenant isolation).
// Shared by worker/ and durable-objects/ (README, "Dependency rules"): it imports only drizzle and the pure
// shapes of engine/, graph/ and blocks/contract.ts. JSON columns carry their shape (`$type<>()`).
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Json } from "../blocks/contract";
import type { RunStats } from "../engine/views";
import type { BaseGraph } from "../graph/schema";

/** What `graphs.body` holds: the graph JSON without the row's identity fields (worker/graphs/repository.ts). */
export type GraphBody = Omit<BaseGraph, "id" | "version" | "is_active">;

/** A credential reference per credentials pin, as execute takes them (worker/schedules/schema.ts `CredentialRef`). */
export type CredentialRefs = Record<string, { id: string; provider?: string; type?: string; title?: string }>;

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
    // Session tokens carry it as `gen`; bumping it (sign out everywhere, new password) ends every older session.
    sessionGeneration: integer("session_generation").notNull().default(0),
    // Mixed into the completion-callback signing secret; bumping it (POST /callbacks/rotate-secret) replaces a leaked one.
    callbackSecretGeneration: integer("callback_secret_generation").notNull().default(0),
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
    // The key that minted this one (null: minted by the signed-in user). Revoking a key revokes its descendants.
    parentKeyId: text("parent_key_id"),
  },
  (t) => [
    uniqueIndex("api_keys_hash_unique").on(t.keyHash),
    index("api_keys_owner_idx").on(t.ownerId),
    index("api_keys_parent_idx").on(t.parentKeyId),
  ],
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
    body: text("body", { mode: "json" }).$type<GraphBody>().notNull(),
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
    stats: text("stats", { mode: "json" }).$type<RunStats>(),
    createdAt: createdAt(),
    startedAt: text("started_at"),
    endedAt: text("ended_at"),
    /** The run's event sequence when the row was written: a late write never replaces a newer row. */
    eventSeq: integer("event_seq").notNull().default(0),
    /** How the run started: manual, api, schedule or webhook (migration 0003). */
    triggerType: text("trigger_type").notNull().default("manual"),
    /** The schedule or webhook id that started it. */
    triggerId: text("trigger_id"),
  },
  (t) => [
    index("executions_owner_graph_idx").on(t.ownerId, t.graphId, t.createdAt),
    index("executions_owner_created_idx").on(t.ownerId, t.createdAt),
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
    inputs: text("inputs", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    nextRunAt: text("next_run_at").notNull(),
    lastRunAt: text("last_run_at"),
    createdAt: createdAt(),
    /** Credentials for the run's blocks, as execute takes them (migration 0003). */
    credentials: text("credentials", { mode: "json" }).$type<CredentialRefs>(),
    callbackUrl: text("callback_url"),
    lastRunId: text("last_run_id"),
    lastRunStatus: text("last_run_status"),
    lastRunError: text("last_run_error"),
    updatedAt: text("updated_at"),
    /** A library preset whose inputs and credentials the schedule's runs use (migration 0007). */
    presetId: text("preset_id"),
  },
  (t) => [
    index("schedules_due_idx").on(t.enabled, t.nextRunAt),
    index("schedules_owner_idx").on(t.ownerId),
    index("schedules_owner_graph_idx").on(t.ownerId, t.graphId),
  ],
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
    /** The version whose trigger node made this webhook (migration 0003). */
    graphVersion: integer("graph_version"),
    /** The secret, AES-GCM encrypted (signatures need it, not just its hash). */
    secretCiphertext: text("secret_ciphertext"),
    lastDeliveryAt: text("last_delivery_at"),
    /** A library preset of this graph whose inputs and credentials its runs use (migration 0010). */
    presetId: text("preset_id"),
  },
  (t) => [
    index("webhooks_owner_idx").on(t.ownerId),
    uniqueIndex("webhooks_graph_node_unique").on(t.ownerId, t.graphId, t.nodeId),
  ],
);

/** One row per webhook delivery (accepted or refused after the webhook was found). */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id").notNull(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: integer("status").notNull(),
    executionId: text("execution_id"),
    bodyBytes: integer("body_bytes").notNull(),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_deliveries_webhook_idx").on(t.webhookId, t.createdAt)],
);

/** Signatures of signed webhook deliveries still inside their replay window (migration 0006). */
export const webhookSignatures = sqliteTable(
  "webhook_signatures",
  {
    webhookId: text("webhook_id").notNull(),
    signature: text("signature").notNull(),
    /** Unix seconds after which the signature's timestamp is outside the window anyway. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.webhookId, t.signature] }),
    index("webhook_signatures_expiry_idx").on(t.webhookId, t.expiresAt),
  ],
);

/** A graph's completion callback URL (every run of the graph reports to it when final). */
export const graphCallbacks = sqliteTable(
  "graph_callbacks",
  {
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    url: text("url").notNull(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.graphId] })],
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
    // 0004: the id of the key that encrypted the record (rotation re-encrypts the others), the non-secret
    // details shown with it ({host} / {base_url}), and the last change.
    keyId: text("key_id").notNull().default(""),
    details: text("details", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    updatedAt: text("updated_at"),
  },
  (t) => [index("credentials_owner_idx").on(t.ownerId, t.provider), index("credentials_key_idx").on(t.keyId)],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    readAt: text("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_owner_idx").on(t.ownerId, t.createdAt),
    index("notifications_unread_idx").on(t.ownerId, t.readAt),
  ],
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
    value: text("value", { mode: "json" }).$type<Json>(),
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
  /** 0 no socket open, 1 a socket watches their graphs, 2 sockets open, none on graphs (durable-objects/graph-watch.ts). */
  watching: integer("watching").$type<0 | 1 | 2>().notNull(),
  updatedAt: text("updated_at").notNull(),
});

// ---- Store, library, presets, shared runs (migration 0007) ----

/** A creator's public store profile. */
export const storeProfiles = sqliteTable(
  "store_profiles",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    name: text("name").notNull().default(""),
    bio: text("bio").notNull().default(""),
    links: text("links", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex("store_profiles_username_unique").on(t.username)],
);

/** One creator's slug for one graph; `liveSubmissionId` is the approved version shown (null = not public). */
export const storeListings = sqliteTable(
  "store_listings",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    slug: text("slug").notNull(),
    liveSubmissionId: text("live_submission_id"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    uniqueIndex("store_listings_owner_slug_unique").on(t.ownerId, t.slug),
    uniqueIndex("store_listings_owner_graph_unique").on(t.ownerId, t.graphId),
    index("store_listings_live_idx").on(t.liveSubmissionId),
  ],
);

/** A version of a listing as submitted; `snapshot` is the export-stripped graph as listed. */
export const storeSubmissions = sqliteTable(
  "store_submissions",
  {
    id: text("id").primaryKey(),
    listingId: text("listing_id")
      .notNull()
      .references(() => storeListings.id, { onDelete: "cascade" }),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    graphVersion: integer("graph_version").notNull(),
    name: text("name").notNull(),
    subHeading: text("sub_heading").notNull().default(""),
    description: text("description").notNull().default(""),
    categories: text("categories", { mode: "json" }).$type<string[]>().notNull().default([]),
    imageKey: text("image_key"),
    snapshot: text("snapshot", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status").notNull(),
    reviewComment: text("review_comment"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: text("reviewed_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    index("store_submissions_listing_idx").on(t.listingId, t.createdAt),
    index("store_submissions_owner_idx").on(t.ownerId, t.createdAt),
    index("store_submissions_status_idx").on(t.status, t.createdAt),
  ],
);
// `store_search` is an FTS5 virtual table (listing_id UNINDEXED, name, sub_heading, description, categories):
// drizzle has no virtual tables, so worker/store/search.ts reaches it with SQL.

/** A rating (1–5) and review of a listing by a user who ran it. */
export const storeReviews = sqliteTable(
  "store_reviews",
  {
    listingId: text("listing_id")
      .notNull()
      .references(() => storeListings.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    comments: text("comments").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.userId] })],
);

/** A library entry: a store agent's copy (pinned to a submission) or an own graph (favourite flag). */
export const libraryAgents = sqliteTable(
  "library_agents",
  {
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    listingId: text("listing_id").references(() => storeListings.id, { onDelete: "set null" }),
    submissionId: text("submission_id"),
    graphVersion: integer("graph_version"),
    isFavorite: integer("is_favorite", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.graphId] }),
    index("library_agents_listing_idx").on(t.listingId, t.ownerId),
  ],
);

/** Saved inputs and credentials for one of the user's graphs. */
export const libraryPresets = sqliteTable(
  "library_presets",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    graphVersion: integer("graph_version"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    inputs: text("inputs", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    credentials: text("credentials", { mode: "json" }).$type<CredentialRefs>(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [index("library_presets_owner_idx").on(t.ownerId, t.graphId)],
);

/** Read-only share links to runs: only the token's SHA-256 is stored; one live link per run. */
export const sharedExecutions = sqliteTable(
  "shared_executions",
  {
    executionId: text("execution_id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("shared_executions_token_unique").on(t.tokenHash)],
);

// ---- Monitoring rollups (migration 0008): one row per owner, agent and UTC day, added to when a run ends ----

const rollupKey = {
  ownerId: text("owner_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  graphId: text("graph_id").notNull(),
  /** UTC date (YYYY-MM-DD) the runs ended. */
  day: text("day").notNull(),
};

/** Ended top-level runs per owner, agent and day: counts by status, duration, cost and tokens. */
export const analyticsDaily = sqliteTable(
  "analytics_daily",
  {
    ...rollupKey,
    completed: integer("completed").notNull().default(0),
    /** COMPLETED runs in which at least one node failed (also counted in `completed`). */
    completedWithErrors: integer("completed_with_errors").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    terminated: integer("terminated").notNull().default(0),
    durationMs: integer("duration_ms").notNull().default(0),
    /** US cents, sub-runs included (the runs' stats.cost). */
    cost: real("cost").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    llmCalls: integer("llm_calls").notNull().default(0),
    nodeErrors: integer("node_errors").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.graphId, t.day] }),
    index("analytics_daily_day_idx").on(t.day),
    index("analytics_daily_owner_day_idx").on(t.ownerId, t.day),
  ],
);

/** Run durations per owner, agent and day as counts in log-spaced buckets (engine/duration-histogram.ts). */
export const analyticsDurations = sqliteTable(
  "analytics_durations",
  {
    ...rollupKey,
    bucket: integer("bucket").notNull(),
    runs: integer("runs").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.graphId, t.day, t.bucket] }),
    index("analytics_durations_day_idx").on(t.day),
    index("analytics_durations_owner_day_idx").on(t.ownerId, t.day),
  ],
);

/** Failed node executions per owner, agent, day and block, with the latest error. */
export const analyticsBlockFailures = sqliteTable(
  "analytics_block_failures",
  {
    ...rollupKey,
    blockId: text("block_id").notNull(),
    failures: integer("failures").notNull().default(0),
    lastError: text("last_error"),
    lastNodeId: text("last_node_id"),
    lastExecutionId: text("last_execution_id"),
    lastFailedAt: text("last_failed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.graphId, t.day, t.blockId] }),
    index("analytics_block_failures_day_idx").on(t.day),
    index("analytics_block_failures_owner_day_idx").on(t.ownerId, t.day),
  ],
);
