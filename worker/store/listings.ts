// Public reads of the store: only listings with a live (approved) submission, and only what that submission
// froze. Runs are counted from the run index (runs of library copies of the listing); ratings from reviews.
import { blockCatalog } from "../../blocks/catalog";
import { type ExportedGraph, reexport } from "../../graph/export";
import { forbidden, notFound } from "../errors";
import { imageUrl } from "./images";
import { ftsQuery } from "./search";
import type { StoreAgentCard, StoreAgentDetail } from "./shapes";

type CardRow = {
  listing_id: string;
  slug: string;
  owner_id: string;
  username: string | null;
  creator_name: string | null;
  name: string;
  sub_heading: string;
  categories: string;
  image_key: string | null;
  runs: number;
  rating: number | null;
  rating_count: number;
  updated_at: string;
};

const CARD_COLUMNS = `l.id AS listing_id, l.slug, l.owner_id, p.username, p.name AS creator_name, s.name, s.sub_heading,
  s.categories, s.image_key, COALESCE(s.reviewed_at, s.created_at) AS updated_at,
  (SELECT COUNT(*) FROM library_agents la JOIN executions e ON e.owner_id = la.owner_id AND e.graph_id = la.graph_id
     WHERE la.listing_id = l.id) AS runs,
  (SELECT AVG(score) FROM store_reviews r WHERE r.listing_id = l.id) AS rating,
  (SELECT COUNT(*) FROM store_reviews r WHERE r.listing_id = l.id) AS rating_count`;

const LIVE_FROM = `FROM store_listings l JOIN store_submissions s ON s.id = l.live_submission_id AND s.status = 'APPROVED'
  LEFT JOIN store_profiles p ON p.user_id = l.owner_id`;

const cardOut = (row: CardRow): StoreAgentCard => ({
  listing_id: row.listing_id,
  slug: row.slug,
  creator: { username: row.username ?? "", name: row.creator_name ?? "" },
  name: row.name,
  sub_heading: row.sub_heading,
  categories: JSON.parse(row.categories) as string[],
  image_url: imageUrl(row.image_key),
  runs: row.runs,
  rating: row.rating === null ? null : Math.round(row.rating * 100) / 100,
  rating_count: row.rating_count,
  updated_at: row.updated_at,
});

export type BrowseQuery = {
  search?: string;
  category?: string;
  creatorId?: string;
  sort?: "runs" | "rating" | "recent";
  page: number;
  pageSize: number;
};

const ORDER = {
  runs: "runs DESC, updated_at DESC",
  rating: "rating IS NULL, rating DESC, rating_count DESC, updated_at DESC",
  recent: "updated_at DESC",
} as const;

export async function browse(db: D1Database, q: BrowseQuery): Promise<{ items: StoreAgentCard[]; more: boolean }> {
  const where: string[] = [];
  const binds: unknown[] = [];
  let from = LIVE_FROM;
  let order: string = ORDER[q.sort ?? "runs"];
  const match = q.search ? ftsQuery(q.search) : null;
  if (q.search && match === null) return { items: [], more: false };
  if (match) {
    from +=
      " JOIN (SELECT listing_id, bm25(store_search) AS rank FROM store_search WHERE store_search MATCH ?) f ON f.listing_id = l.id";
    binds.push(match);
    // Asked to search without a sort: best match first.
    if (!q.sort) order = "f.rank ASC, updated_at DESC";
  }
  if (q.category) {
    where.push("EXISTS (SELECT 1 FROM json_each(s.categories) WHERE value = ?)");
    binds.push(q.category);
  }
  if (q.creatorId) {
    where.push("l.owner_id = ?");
    binds.push(q.creatorId);
  }
  const sql = `SELECT ${CARD_COLUMNS} ${from} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY ${order} LIMIT ? OFFSET ?`;
  const { results } = await db
    .prepare(sql)
    .bind(...binds, q.pageSize + 1, (q.page - 1) * q.pageSize)
    .all<CardRow>();
  return { items: results.slice(0, q.pageSize).map(cardOut), more: results.length > q.pageSize };
}

type DetailRow = CardRow & {
  description: string;
  graph_version: number;
  submission_id: string;
  snapshot: string;
};

const SELECT_DETAIL = `SELECT ${CARD_COLUMNS}, s.description, s.graph_version, s.id AS submission_id, s.snapshot ${LIVE_FROM}`;

/** The live listing of a creator's slug, or null. */
export async function liveListing(db: D1Database, username: string, slug: string) {
  return db
    .prepare(`${SELECT_DETAIL} WHERE p.username = ? AND l.slug = ?`)
    .bind(username.toLowerCase(), slug)
    .first<DetailRow>();
}

/** The live listing by id, or null. */
export async function liveListingById(db: D1Database, listingId: string) {
  return db.prepare(`${SELECT_DETAIL} WHERE l.id = ?`).bind(listingId).first<DetailRow>();
}

/**
 * A submission's frozen graph as every read serves it (store detail, picture, submission view, library copies):
 * exported again under today's rules, so a listing frozen before a rule was added never serves what it strips.
 */
export const servedSnapshot = (snapshot: string): ExportedGraph => reexport(JSON.parse(snapshot), blockCatalog);

export async function listingDetail(db: D1Database, row: DetailRow): Promise<StoreAgentDetail> {
  const snapshot = servedSnapshot(row.snapshot);
  const { results: reviews } = await db
    .prepare(
      `SELECT p.username, r.score, r.comments, r.updated_at FROM store_reviews r
       LEFT JOIN store_profiles p ON p.user_id = r.user_id WHERE r.listing_id = ? ORDER BY r.updated_at DESC LIMIT 50`,
    )
    .bind(row.listing_id)
    .all<{ username: string | null; score: number; comments: string; updated_at: string }>();
  return {
    ...cardOut(row),
    description: row.description,
    version: row.graph_version,
    submission_id: row.submission_id,
    input_schema: snapshot.input_schema,
    output_schema: snapshot.output_schema,
    credentials_input_schema: snapshot.credentials_input_schema,
    graph_image_url: `/api/v1/store/agents/${encodeURIComponent(row.username ?? "")}/${row.slug}/graph.svg`,
    node_count: snapshot.nodes.length,
    reviews,
  };
}

/** Whether the user ran a library copy of the listing (reviews are for those who did). */
export async function hasRun(db: D1Database, userId: string, listingId: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS ok FROM library_agents la JOIN executions e ON e.owner_id = la.owner_id AND e.graph_id = la.graph_id
       WHERE la.owner_id = ? AND la.listing_id = ? LIMIT 1`,
    )
    .bind(userId, listingId)
    .first();
  return row !== null;
}

/** Rates a live listing (one rating per user, replaced on a second call); 403 until the user ran it. */
export async function rate(
  db: D1Database,
  userId: string,
  username: string,
  slug: string,
  body: { score: number; comments: string },
) {
  const row = await liveListing(db, username, slug);
  if (!row) throw notFound("Store agent");
  if (!(await hasRun(db, userId, row.listing_id))) {
    throw forbidden("Only users who ran this agent (from their library) may rate it");
  }
  await db
    .prepare(
      `INSERT INTO store_reviews (listing_id, user_id, score, comments) VALUES (?, ?, ?, ?)
       ON CONFLICT (listing_id, user_id) DO UPDATE SET score = excluded.score, comments = excluded.comments,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
    )
    .bind(row.listing_id, userId, body.score, body.comments)
    .run();
  return listingDetail(db, (await liveListing(db, username, slug)) as DetailRow);
}
