// /api/v1/store: the marketplace. Browsing (agents, a listing, a creator, images, graph pictures) needs no
// sign-in and shows only approved listings as they were frozen at submission; publishing, profiles and
// ratings need a user; reviewing submissions needs an admin (ADMIN_USERS).
import { createRoute, z } from "@hono/zod-openapi";
import { blockCatalog } from "../../blocks/catalog";
import { isAdmin, requireAdmin } from "../auth/admin";
import { notFound } from "../errors";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, pathParam, security } from "../openapi";
import { newRouter } from "../router";
import { graphSvg } from "../store/graph-svg";
import { getListingImage } from "../store/images";
import { browse, listingDetail, liveListing, rate, servedSnapshot } from "../store/listings";
import { getProfile, profileByUsername, profileOut, putProfile } from "../store/profiles";
import {
  Profile,
  ProfileUpdate,
  RatingBody,
  ReviewDecision,
  StoreAgentCard,
  StoreAgentDetail,
  StoreCategory,
  StoreCreator,
  StoreSort,
  Submission,
  SubmissionCreate,
  SubmissionEdit,
  SubmissionStatus,
} from "../store/shapes";
import {
  createSubmission,
  editSubmission,
  getSubmission,
  listOwnSubmissions,
  listSubmissionsByStatus,
  reviewSubmission,
  submissionOut,
  withdrawSubmission,
} from "../store/submissions";

const AgentPage = z
  .object({ items: z.array(StoreAgentCard), page: z.number().int(), next_page: z.number().int().nullable() })
  .openapi("StoreAgentPage");
const SubmissionList = z.object({ items: z.array(Submission) }).openapi("StoreSubmissionList");
const SubmissionWithGraph = Submission.extend({
  graph: z.record(z.string(), z.unknown()).describe("The graph as listed (export rules: no secrets)"),
}).openapi("StoreSubmissionDetail");

const BrowseQuery = z.object({
  search: z.string().max(200).optional(),
  category: StoreCategory.optional(),
  sort: StoreSort.optional().describe("runs (default), rating or recent; with `search` and no sort: best match"),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});
const UsernameParam = z.object({ username: pathParam("username", 40) });
const ListingParam = UsernameParam.extend({ slug: pathParam("slug", 64) });
const KeyParam = z.object({ key: pathParam("key") });

const errors = {
  400: json(ErrorBody, "Invalid request"),
  401: json(ErrorBody, "Not authenticated"),
  404: json(ErrorBody, "Not found (or not public)"),
};
const tag = ["store"];

const listAgents = createRoute({
  method: "get",
  path: "/agents",
  tags: tag,
  summary: "Approved store agents: full-text search (name, heading, description, categories), category, sort",
  request: { query: BrowseQuery },
  responses: { 200: json(AgentPage, "A page of agents"), 400: errors[400] },
});
const getAgent = createRoute({
  method: "get",
  path: "/agents/{username}/{slug}",
  tags: tag,
  summary: "A store agent: description, input/output schema, picture, ratings and reviews",
  request: { params: ListingParam },
  responses: { 200: json(StoreAgentDetail.openapi("StoreAgentDetail"), "The agent"), 404: errors[404] },
});
const agentPicture = createRoute({
  method: "get",
  path: "/agents/{username}/{slug}/graph.svg",
  tags: tag,
  summary: "An SVG picture of the listed graph",
  request: { params: ListingParam },
  responses: {
    200: { content: { "image/svg+xml": { schema: z.string() } }, description: "SVG" },
    404: errors[404],
  },
});
const rateAgent = createRoute({
  method: "post",
  path: "/agents/{username}/{slug}/reviews",
  tags: tag,
  summary: "Rate and review a store agent you ran (one per user; a second call replaces it)",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: ListingParam, body: { ...json(RatingBody.openapi("StoreRating"), "Score 1–5"), required: true } },
  responses: {
    200: json(StoreAgentDetail, "The agent with its ratings"),
    403: json(ErrorBody, "You have not run this agent"),
    ...errors,
  },
});
const getCreator = createRoute({
  method: "get",
  path: "/creators/{username}",
  tags: tag,
  summary: "A creator's public profile and approved agents",
  request: { params: UsernameParam },
  responses: { 200: json(StoreCreator.openapi("StoreCreator"), "The creator"), 404: errors[404] },
});
const getImage = createRoute({
  method: "get",
  path: "/images/{key}",
  tags: tag,
  summary: "A listing image",
  request: { params: KeyParam },
  responses: { 200: { description: "The image" }, 404: errors[404] },
});
const getMyProfile = createRoute({
  method: "get",
  path: "/profile",
  tags: tag,
  summary: "Your store profile (404 until you set one or publish)",
  security,
  middleware: [requireAuth("read")] as const,
  responses: { 200: json(Profile.openapi("StoreProfile"), "The profile"), ...errors },
});
const putMyProfile = createRoute({
  method: "put",
  path: "/profile",
  tags: tag,
  summary: "Set your store profile: username, name, bio, links",
  security,
  middleware: [requireAuth("write")] as const,
  request: { body: { ...json(ProfileUpdate.openapi("StoreProfileUpdate"), "The profile"), required: true } },
  responses: { 200: json(Profile, "The profile"), 409: json(ErrorBody, "Username taken"), ...errors },
});
const listSubmissions = createRoute({
  method: "get",
  path: "/submissions",
  tags: tag,
  summary: "Your submissions, newest first",
  security,
  middleware: [requireAuth("read")] as const,
  responses: { 200: json(SubmissionList, "Submissions"), ...errors },
});
const submit = createRoute({
  method: "post",
  path: "/submissions",
  tags: tag,
  summary: "Submit a version of your graph for the store (reviewed by an admin before it is public)",
  security,
  middleware: [requireAuth("write")] as const,
  request: { body: { ...json(SubmissionCreate.openapi("StoreSubmissionCreate"), "The listing"), required: true } },
  responses: {
    201: json(Submission.openapi("StoreSubmission"), "The pending submission"),
    409: json(ErrorBody, "Slug in use, or a submission of this listing awaits review"),
    413: json(ErrorBody, "Image too large"),
    ...errors,
  },
});
const getOneSubmission = createRoute({
  method: "get",
  path: "/submissions/{id}",
  tags: tag,
  summary: "One of your submissions (any, for admins) with the graph as listed",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam },
  responses: { 200: json(SubmissionWithGraph, "The submission"), ...errors },
});
const edit = createRoute({
  method: "patch",
  path: "/submissions/{id}",
  tags: tag,
  summary: "Edit a pending or rejected submission (it goes back to review)",
  security,
  middleware: [requireAuth("write")] as const,
  request: {
    params: IdParam,
    body: { ...json(SubmissionEdit.openapi("StoreSubmissionEdit"), "Fields to change"), required: true },
  },
  responses: { 200: json(Submission, "The submission"), 409: json(ErrorBody, "Not editable"), ...errors },
});
const withdraw = createRoute({
  method: "delete",
  path: "/submissions/{id}",
  tags: tag,
  summary: "Withdraw a submission; a withdrawn live version leaves the store (an older approved one returns)",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: { 200: json(Submission, "The withdrawn submission"), ...errors },
});
const review = createRoute({
  method: "post",
  path: "/submissions/{id}/review",
  tags: tag,
  summary: "Admin: approve (it becomes the listing's public version) or reject a pending submission",
  security,
  middleware: [requireAuth("write"), requireAdmin()] as const,
  request: {
    params: IdParam,
    body: { ...json(ReviewDecision.openapi("StoreReviewDecision"), "The decision"), required: true },
  },
  responses: {
    200: json(Submission, "The reviewed submission"),
    403: json(ErrorBody, "Not an admin"),
    409: json(ErrorBody, "Not pending"),
    ...errors,
  },
});
const adminQueue = createRoute({
  method: "get",
  path: "/admin/submissions",
  tags: tag,
  summary: "Admin: submissions by status (PENDING by default), oldest first",
  security,
  middleware: [requireAuth("read"), requireAdmin()] as const,
  request: { query: z.object({ status: SubmissionStatus.default("PENDING") }) },
  responses: { 200: json(SubmissionList, "Submissions"), 403: json(ErrorBody, "Not an admin"), ...errors },
});

export const storeRoutes = newRouter();

storeRoutes.openapi(listAgents, async (c) => {
  const q = c.req.valid("query");
  const { items, more } = await browse(c.env.DB, {
    search: q.search,
    category: q.category,
    sort: q.sort,
    page: q.page,
    pageSize: q.page_size,
  });
  return c.json({ items, page: q.page, next_page: more ? q.page + 1 : null }, 200);
});

storeRoutes.openapi(getAgent, async (c) => {
  const { username, slug } = c.req.valid("param");
  const row = await liveListing(c.env.DB, username, slug);
  if (!row) throw notFound("Store agent");
  return c.json(await listingDetail(c.env.DB, row), 200);
});

storeRoutes.openapi(agentPicture, async (c) => {
  const { username, slug } = c.req.valid("param");
  const row = await liveListing(c.env.DB, username, slug);
  if (!row) throw notFound("Store agent");
  const snapshot = servedSnapshot(row.snapshot);
  return c.body(graphSvg(snapshot.nodes, snapshot.links, blockCatalog), 200, {
    "Content-Type": "image/svg+xml; charset=utf-8",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Cache-Control": "public, max-age=300",
  });
});

storeRoutes.openapi(rateAgent, async (c) => {
  const { username, slug } = c.req.valid("param");
  return c.json(await rate(c.env.DB, c.get("auth").userId, username, slug, c.req.valid("json")), 200);
});

storeRoutes.openapi(getCreator, async (c) => {
  const profile = await profileByUsername(c.env.DB, c.req.valid("param").username);
  if (!profile) throw notFound("Creator");
  const { items } = await browse(c.env.DB, { creatorId: profile.user_id, sort: "recent", page: 1, pageSize: 100 });
  const rated = items.filter((a) => a.rating !== null);
  const ratingSum = rated.reduce((sum, a) => sum + (a.rating ?? 0) * a.rating_count, 0);
  const ratingCount = rated.reduce((sum, a) => sum + a.rating_count, 0);
  return c.json(
    {
      ...profileOut(profile),
      agents: items,
      runs: items.reduce((sum, a) => sum + a.runs, 0),
      rating: ratingCount > 0 ? Math.round((ratingSum / ratingCount) * 100) / 100 : null,
    },
    200,
  );
});

storeRoutes.openapi(getImage, async (c) => {
  const object = await getListingImage(c.env, c.req.valid("param").key);
  if (!object) throw notFound("Image");
  return c.body(object.body, 200, {
    "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=86400, immutable",
  });
});

storeRoutes.openapi(getMyProfile, async (c) => {
  const row = await getProfile(c.env.DB, c.get("auth").userId);
  if (!row) throw notFound("Store profile");
  return c.json(profileOut(row), 200);
});

storeRoutes.openapi(putMyProfile, async (c) => {
  return c.json(profileOut(await putProfile(c.env.DB, c.get("auth").userId, c.req.valid("json"))), 200);
});

storeRoutes.openapi(listSubmissions, async (c) => {
  const rows = await listOwnSubmissions(c.env.DB, c.get("auth").userId);
  return c.json({ items: rows.map(submissionOut) }, 200);
});

storeRoutes.openapi(submit, async (c) => {
  const row = await createSubmission(c.env, c.get("auth").userId, c.req.valid("json"));
  return c.json(submissionOut(row), 201);
});

storeRoutes.openapi(getOneSubmission, async (c) => {
  const { userId } = c.get("auth");
  const row = await getSubmission(c.env.DB, c.req.valid("param").id, {
    userId,
    asAdmin: await isAdmin(c.env, userId),
  });
  if (!row) throw notFound("Submission");
  return c.json({ ...submissionOut(row), graph: servedSnapshot(row.snapshot) }, 200);
});

storeRoutes.openapi(edit, async (c) => {
  const row = await editSubmission(c.env, c.get("auth").userId, c.req.valid("param").id, c.req.valid("json"));
  return c.json(submissionOut(row), 200);
});

storeRoutes.openapi(withdraw, async (c) => {
  const row = await withdrawSubmission(c.env.DB, c.get("auth").userId, c.req.valid("param").id);
  return c.json(submissionOut(row), 200);
});

storeRoutes.openapi(review, async (c) => {
  const row = await reviewSubmission(c.env.DB, c.get("auth").userId, c.req.valid("param").id, c.req.valid("json"));
  return c.json(submissionOut(row), 200);
});

storeRoutes.openapi(adminQueue, async (c) => {
  const rows = await listSubmissionsByStatus(c.env.DB, c.req.valid("query").status);
  return c.json({ items: rows.map(submissionOut) }, 200);
});
