// Store submissions: a creator's graph version offered as a listing version, reviewed by an admin, then public.
// The graph is frozen at submission time as its AutoGPT export (graph/export.ts strips secrets, credentials
// and the creator's user id), so what the store shows and what others copy never carries them, and later
// private versions of the graph never show. Reads export the frozen graph again (listings.ts servedSnapshot),
// so one frozen under older rules serves nothing today's rules strip.
import type { z } from "zod";
import { blockCatalog } from "../../blocks/catalog";
import { exportGraph } from "../../graph/export";
import { conflict, notFound } from "../errors";
import { getGraphWithSubGraphs } from "../graphs/repository";
import { deleteListingImage, imageUrl, putListingImage } from "./images";
import { ensureProfile } from "./profiles";
import { reindexStatements } from "./search";
import type { ReviewDecision, Submission, SubmissionCreate, SubmissionEdit } from "./shapes";

export type SubmissionRow = {
  id: string;
  listing_id: string;
  owner_id: string;
  graph_id: string;
  graph_version: number;
  name: string;
  sub_heading: string;
  description: string;
  categories: string;
  image_key: string | null;
  snapshot: string;
  status: Submission["status"];
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
  slug: string;
};

const SELECT = `SELECT s.*, l.slug FROM store_submissions s JOIN store_listings l ON l.id = s.listing_id`;

export const submissionOut = (row: SubmissionRow): Submission => ({
  id: row.id,
  listing_id: row.listing_id,
  graph_id: row.graph_id,
  graph_version: row.graph_version,
  slug: row.slug,
  name: row.name,
  sub_heading: row.sub_heading,
  description: row.description,
  categories: JSON.parse(row.categories) as string[],
  image_url: imageUrl(row.image_key),
  status: row.status,
  review_comment: row.review_comment,
  reviewed_at: row.reviewed_at,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/** A submission the caller may see: their own, or any when `asAdmin`. */
export async function getSubmission(db: D1Database, id: string, viewer: { userId: string; asAdmin: boolean }) {
  const row = await db.prepare(`${SELECT} WHERE s.id = ?`).bind(id).first<SubmissionRow>();
  if (!row || (row.owner_id !== viewer.userId && !viewer.asAdmin)) return null;
  return row;
}

export async function listOwnSubmissions(db: D1Database, userId: string) {
  const { results } = await db
    .prepare(`${SELECT} WHERE s.owner_id = ? ORDER BY s.created_at DESC LIMIT 200`)
    .bind(userId)
    .all<SubmissionRow>();
  return results;
}

export async function listSubmissionsByStatus(db: D1Database, status: string) {
  const { results } = await db
    .prepare(`${SELECT} WHERE s.status = ? ORDER BY s.created_at ASC LIMIT 200`)
    .bind(status)
    .all<SubmissionRow>();
  return results;
}

/** The listing for (owner, graph) with this slug, made when new; 409 when the slug names another graph. */
async function listingFor(db: D1Database, ownerId: string, graphId: string, slug: string): Promise<string> {
  const existing = await db
    .prepare("SELECT id, graph_id, slug FROM store_listings WHERE owner_id = ? AND (graph_id = ? OR slug = ?)")
    .bind(ownerId, graphId, slug)
    .all<{ id: string; graph_id: string; slug: string }>();
  const forGraph = existing.results.find((l) => l.graph_id === graphId);
  const forSlug = existing.results.find((l) => l.slug === slug);
  if (forSlug && forSlug.graph_id !== graphId) throw conflict(`You already use the slug '${slug}' for another agent`);
  if (forGraph && forGraph.slug !== slug) {
    throw conflict(`This agent is listed as '${forGraph.slug}'; submit new versions under that slug`);
  }
  if (forGraph) return forGraph.id;
  const id = crypto.randomUUID();
  await db
    .prepare("INSERT INTO store_listings (id, owner_id, graph_id, slug) VALUES (?, ?, ?, ?)")
    .bind(id, ownerId, graphId, slug)
    .run();
  return id;
}

export async function createSubmission(
  env: Env,
  ownerId: string,
  body: z.infer<typeof SubmissionCreate>,
): Promise<SubmissionRow> {
  const db = env.DB;
  const graph = await getGraphWithSubGraphs(db, ownerId, body.graph_id, body.graph_version);
  if (!graph) throw notFound(`Graph version ${body.graph_version}`);
  await ensureProfile(db, ownerId);
  const listingId = await listingFor(db, ownerId, body.graph_id, body.slug);
  const pending = await db
    .prepare("SELECT id FROM store_submissions WHERE listing_id = ? AND status = 'PENDING'")
    .bind(listingId)
    .first<{ id: string }>();
  if (pending) throw conflict(`Submission ${pending.id} of this listing awaits review; edit or withdraw it first`);
  const snapshot = exportGraph(graph, graph.sub_graphs, blockCatalog);
  const imageKey = body.image ? await putListingImage(env, body.image) : null;
  const id = crypto.randomUUID();
  await db
    .prepare(
      `INSERT INTO store_submissions (id, listing_id, owner_id, graph_id, graph_version, name, sub_heading, description,
         categories, image_key, snapshot, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')`,
    )
    .bind(
      id,
      listingId,
      ownerId,
      body.graph_id,
      body.graph_version,
      body.name,
      body.sub_heading,
      body.description,
      JSON.stringify(body.categories),
      imageKey,
      JSON.stringify(snapshot),
    )
    .run();
  return (await getSubmission(db, id, { userId: ownerId, asAdmin: false })) as SubmissionRow;
}

/** Edits a submission under review, or a rejected one (which goes back to review). */
export async function editSubmission(
  env: Env,
  ownerId: string,
  id: string,
  body: z.infer<typeof SubmissionEdit>,
): Promise<SubmissionRow> {
  const row = await getSubmission(env.DB, id, { userId: ownerId, asAdmin: false });
  if (!row) throw notFound("Submission");
  if (row.status !== "PENDING" && row.status !== "REJECTED") {
    throw conflict(`A ${row.status.toLowerCase()} submission cannot change; submit a new version instead`);
  }
  let imageKey = row.image_key;
  if (body.image !== undefined) {
    imageKey = body.image === null ? null : await putListingImage(env, body.image);
    await deleteListingImage(env, row.image_key);
  }
  await env.DB.prepare(
    `UPDATE store_submissions SET name = ?, sub_heading = ?, description = ?, categories = ?, image_key = ?,
       status = 'PENDING', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND owner_id = ?`,
  )
    .bind(
      body.name ?? row.name,
      body.sub_heading ?? row.sub_heading,
      body.description ?? row.description,
      body.categories ? JSON.stringify(body.categories) : row.categories,
      imageKey,
      id,
      ownerId,
    )
    .run();
  return (await getSubmission(env.DB, id, { userId: ownerId, asAdmin: false })) as SubmissionRow;
}

/**
 * Statements that point a listing at its newest approved submission (none left: the listing is not public)
 * and bring its search row along.
 */
const refreshLive = (db: D1Database, listingId: string) => [
  db
    .prepare(
      `UPDATE store_listings SET live_submission_id = (
         SELECT id FROM store_submissions WHERE listing_id = ?1 AND status = 'APPROVED'
         ORDER BY reviewed_at DESC, created_at DESC LIMIT 1),
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1`,
    )
    .bind(listingId),
  ...reindexStatements(db, listingId),
];

/** Withdraws a submission; when it was the live version the listing falls back to an older approved one. */
export async function withdrawSubmission(db: D1Database, ownerId: string, id: string): Promise<SubmissionRow> {
  const row = await getSubmission(db, id, { userId: ownerId, asAdmin: false });
  if (!row) throw notFound("Submission");
  await db.batch([
    db
      .prepare(
        `UPDATE store_submissions SET status = 'WITHDRAWN', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
         WHERE id = ? AND owner_id = ?`,
      )
      .bind(id, ownerId),
    ...refreshLive(db, row.listing_id),
  ]);
  return (await getSubmission(db, id, { userId: ownerId, asAdmin: false })) as SubmissionRow;
}

/** An admin's decision on a pending submission; approval makes it the listing's live version. */
export async function reviewSubmission(
  db: D1Database,
  adminId: string,
  id: string,
  decision: z.infer<typeof ReviewDecision>,
): Promise<SubmissionRow> {
  const row = await getSubmission(db, id, { userId: adminId, asAdmin: true });
  if (!row) throw notFound("Submission");
  if (row.status !== "PENDING") throw conflict(`The submission is ${row.status.toLowerCase()}, not pending review`);
  await db.batch([
    db
      .prepare(
        `UPDATE store_submissions SET status = ?, review_comment = ?, reviewed_by = ?,
           reviewed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
         WHERE id = ? AND status = 'PENDING'`,
      )
      .bind(decision.status, decision.comment ?? null, adminId, id),
    ...refreshLive(db, row.listing_id),
  ]);
  return (await getSubmission(db, id, { userId: adminId, asAdmin: true })) as SubmissionRow;
}
