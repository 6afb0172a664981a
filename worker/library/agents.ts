// The user's library: their own graphs plus copies of store agents (pinned to the listed version they came
// from, updatable when the creator's newer version is approved, forkable into a plain editable graph),
// with favourites. Owner-scoped throughout.

import { blockCatalog } from "../../blocks/catalog";
import { BoundedCache } from "../../engine/bounded-cache";
import { credentialsInputSchema } from "../../graph/credentials-inputs";
import { exportGraph } from "../../graph/export";
import { graphInputSchema } from "../../graph/io-schema";
import { BaseGraphSchema } from "../../graph/schema";
import { conflict, notFound } from "../errors";
import { requireOwnGraph } from "../graphs/owned";
import { deleteGraph, getGraphWithSubGraphs } from "../graphs/repository";
import { liveListing, liveListingById, servedSnapshot } from "../store/listings";
import type { LibraryAgent } from "../store/shapes";
import { appendSnapshot, copySnapshot } from "./copy";

type Row = {
  graph_id: string;
  graph_version: number;
  name: string;
  description: string;
  body: string;
  created_at: string;
  listing_id: string | null;
  submission_id: string | null;
  is_favorite: number | null;
  slug: string | null;
  username: string | null;
  pinned_version: number | null;
  live_submission_id: string | null;
  latest_version: number | null;
};

const SELECT = `SELECT g.id AS graph_id, g.version AS graph_version, g.name, g.description, g.body, g.created_at,
    la.listing_id, la.submission_id, la.is_favorite, l.slug, p.username, pinned.graph_version AS pinned_version,
    l.live_submission_id, live.graph_version AS latest_version
  FROM graphs g
  LEFT JOIN library_agents la ON la.owner_id = g.owner_id AND la.graph_id = g.id
  LEFT JOIN store_listings l ON l.id = la.listing_id
  LEFT JOIN store_submissions pinned ON pinned.id = la.submission_id
  LEFT JOIN store_submissions live ON live.id = l.live_submission_id
  LEFT JOIN store_profiles p ON p.user_id = l.owner_id
  WHERE g.owner_id = ? AND g.is_active = 1`;

type Schemas = Pick<LibraryAgent, "input_schema" | "credentials_input_schema">;
/** A graph version's schemas (versions never change): a list re-reads bodies but parses each version once. */
const schemaCache = new BoundedCache<string, Schemas>({ max: 1000 });

function schemasOf(row: Row): Schemas {
  const key = `${row.graph_id}\u0000${row.graph_version}`;
  let schemas = schemaCache.get(key);
  if (!schemas) {
    const graph = BaseGraphSchema.parse(JSON.parse(row.body));
    schemas = {
      input_schema: graphInputSchema(graph, blockCatalog),
      credentials_input_schema: credentialsInputSchema(graph, blockCatalog),
    };
    schemaCache.set(key, schemas);
  }
  return schemas;
}

function agentOut(row: Row): LibraryAgent {
  const fromStore = row.submission_id !== null;
  return {
    graph_id: row.graph_id,
    graph_version: row.graph_version,
    name: row.name,
    description: row.description,
    source: fromStore ? "store" : "own",
    is_favorite: row.is_favorite === 1,
    listing:
      fromStore && row.listing_id && row.slug
        ? {
            listing_id: row.listing_id,
            username: row.username,
            slug: row.slug,
            version: row.pinned_version ?? 0,
            latest_version: row.latest_version,
            update_available: row.live_submission_id !== null && row.live_submission_id !== row.submission_id,
          }
        : null,
    ...schemasOf(row),
    created_at: row.created_at,
  };
}

export async function listLibrary(
  db: D1Database,
  ownerId: string,
  opts: { search?: string; favorites?: boolean },
): Promise<LibraryAgent[]> {
  let sql = SELECT;
  const binds: unknown[] = [ownerId];
  if (opts.search?.trim()) {
    const like = `%${opts.search.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    sql += " AND (g.name LIKE ? ESCAPE '\\' OR g.description LIKE ? ESCAPE '\\')";
    binds.push(like, like);
  }
  if (opts.favorites) sql += " AND la.is_favorite = 1";
  sql += " ORDER BY COALESCE(la.is_favorite, 0) DESC, g.created_at DESC, g.id LIMIT 500";
  const { results } = await db
    .prepare(sql)
    .bind(...binds)
    .all<Row>();
  return results.map(agentOut);
}

export async function libraryAgent(db: D1Database, ownerId: string, graphId: string): Promise<LibraryAgent> {
  const row = await db.prepare(`${SELECT} AND g.id = ?`).bind(ownerId, graphId).first<Row>();
  if (!row) throw notFound("Library agent");
  return agentOut(row);
}

/** Adds a live store agent to the library as the user's copy; an agent already added answers as it is. */
export async function addFromStore(
  db: D1Database,
  ownerId: string,
  ref: { listing_id?: string; username?: string; slug?: string },
): Promise<{ agent: LibraryAgent; created: boolean }> {
  const listing = ref.listing_id
    ? await liveListingById(db, ref.listing_id)
    : ref.username && ref.slug
      ? await liveListing(db, ref.username, ref.slug)
      : null;
  if (!listing) throw notFound("Store agent");
  const existing = await db
    .prepare("SELECT graph_id FROM library_agents WHERE owner_id = ? AND listing_id = ? LIMIT 1")
    .bind(ownerId, listing.listing_id)
    .first<{ graph_id: string }>();
  if (existing) return { agent: await libraryAgent(db, ownerId, existing.graph_id), created: false };
  const copy = await copySnapshot(db, ownerId, servedSnapshot(listing.snapshot));
  await db
    .prepare(
      `INSERT INTO library_agents (owner_id, graph_id, listing_id, submission_id, graph_version) VALUES (?, ?, ?, ?, ?)`,
    )
    .bind(ownerId, copy.id, listing.listing_id, listing.submission_id, copy.version)
    .run();
  return { agent: await libraryAgent(db, ownerId, copy.id), created: true };
}

/** Moves a store copy to the listing's live version (a new version of the copy); 409 when up to date. */
export async function updateFromStore(db: D1Database, ownerId: string, graphId: string): Promise<LibraryAgent> {
  const entry = await db
    .prepare("SELECT listing_id, submission_id FROM library_agents WHERE owner_id = ? AND graph_id = ?")
    .bind(ownerId, graphId)
    .first<{ listing_id: string | null; submission_id: string | null }>();
  if (!entry?.submission_id) throw notFound("Store agent in your library");
  const listing = entry.listing_id ? await liveListingById(db, entry.listing_id) : null;
  if (!listing) throw conflict("The agent is no longer in the store");
  if (listing.submission_id === entry.submission_id) throw conflict("Already at the newest version");
  const version = await appendSnapshot(db, ownerId, graphId, servedSnapshot(listing.snapshot));
  if (version === null) throw notFound("Library agent");
  await db
    .prepare(
      `UPDATE library_agents SET submission_id = ?, graph_version = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
       WHERE owner_id = ? AND graph_id = ?`,
    )
    .bind(listing.submission_id, version, ownerId, graphId)
    .run();
  return libraryAgent(db, ownerId, graphId);
}

/** An editable copy of one of the user's graphs (typically a store copy), recorded as forked from it. */
export async function fork(db: D1Database, ownerId: string, graphId: string): Promise<LibraryAgent> {
  const graph = await getGraphWithSubGraphs(db, ownerId, graphId);
  if (!graph) throw notFound("Library agent");
  const file = exportGraph(graph, graph.sub_graphs, blockCatalog);
  const copy = await copySnapshot(
    db,
    ownerId,
    { ...file, name: `${graph.name} (fork)` },
    {
      id: graph.id,
      version: graph.version,
    },
  );
  return libraryAgent(db, ownerId, copy.id);
}

/** Marks a graph of the user's (own or store copy) as a favourite or not. */
export async function setFavorite(db: D1Database, ownerId: string, graphId: string, favorite: boolean) {
  await requireOwnGraph(db, ownerId, graphId, { what: "Library agent" });
  await db
    .prepare(
      `INSERT INTO library_agents (owner_id, graph_id, is_favorite) VALUES (?, ?, ?)
       ON CONFLICT (owner_id, graph_id) DO UPDATE SET is_favorite = excluded.is_favorite,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
    )
    .bind(ownerId, graphId, favorite ? 1 : 0)
    .run();
  return libraryAgent(db, ownerId, graphId);
}

/** Removes a store agent from the library (its copy is deleted). Own graphs are deleted through /graphs. */
export async function removeFromLibrary(db: D1Database, ownerId: string, graphId: string): Promise<void> {
  const entry = await db
    .prepare("SELECT submission_id FROM library_agents WHERE owner_id = ? AND graph_id = ?")
    .bind(ownerId, graphId)
    .first<{ submission_id: string | null }>();
  if (!entry?.submission_id) throw notFound("Store agent in your library");
  await deleteGraph(db, ownerId, graphId);
  await db.prepare("DELETE FROM library_agents WHERE owner_id = ? AND graph_id = ?").bind(ownerId, graphId).run();
}
