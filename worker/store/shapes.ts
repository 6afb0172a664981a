// The store's and library's request and response shapes, defined once: the Worker's routes (and the OpenAPI
// document) and the editor (web/src/lib/api) both import them. Plain zod, so the editor bundle needs no Hono.
import { z } from "zod";

export const SUBMISSION_STATUSES = ["PENDING", "APPROVED", "REJECTED", "WITHDRAWN"] as const;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);

/** The categories a listing may name (AutoGPT's store uses free tags; a fixed list keeps browsing useful). */
export const STORE_CATEGORIES = [
  "productivity",
  "writing",
  "research",
  "marketing",
  "social",
  "data",
  "developer",
  "ai",
  "fun",
  "other",
] as const;
export const StoreCategory = z.enum(STORE_CATEGORIES);

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");
export const Username = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/, "lower-case letters, digits, '-' and '_'");

/** An image as a data URL (`data:image/png;base64,…`); the type is checked from its bytes. */
export const ImageDataUrl = z
  .string()
  .max(2_000_000)
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=\s]+$/, "a base64 data URL of a PNG, JPEG, WebP or GIF");

const submissionFields = {
  name: z.string().trim().min(1).max(100),
  sub_heading: z.string().trim().max(200).default(""),
  description: z.string().max(20_000).default("").describe("Markdown"),
  categories: z.array(StoreCategory).max(5).default([]),
};

export const SubmissionCreate = z.object({
  graph_id: z.string().min(1).max(100),
  graph_version: z.number().int().positive(),
  slug: Slug,
  ...submissionFields,
  image: ImageDataUrl.optional(),
});
export type SubmissionCreate = z.infer<typeof SubmissionCreate>;

/** Edit a submission still under review (or rejected: it goes back to review). */
export const SubmissionEdit = z.object({
  name: submissionFields.name.optional(),
  sub_heading: z.string().trim().max(200).optional(),
  description: z.string().max(20_000).optional(),
  categories: z.array(StoreCategory).max(5).optional(),
  image: ImageDataUrl.nullable().optional().describe("null removes the image"),
});

export const ReviewDecision = z.object({
  status: z.enum(["APPROVED", "REJECTED"]),
  comment: z.string().max(2_000).optional(),
});

export const Submission = z.object({
  id: z.string(),
  listing_id: z.string(),
  graph_id: z.string(),
  graph_version: z.number().int(),
  slug: z.string(),
  name: z.string(),
  sub_heading: z.string(),
  description: z.string(),
  categories: z.array(z.string()),
  image_url: z.string().nullable(),
  status: SubmissionStatus,
  review_comment: z.string().nullable(),
  reviewed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Submission = z.infer<typeof Submission>;

export const ProfileUpdate = z.object({
  username: Username,
  name: z.string().trim().max(100).default(""),
  bio: z.string().max(2_000).default(""),
  links: z
    .array(z.url({ protocol: /^https?$/ }).max(500))
    .max(5)
    .default([]),
});

export const Profile = z.object({
  username: z.string(),
  name: z.string(),
  bio: z.string(),
  links: z.array(z.string()),
});
export type Profile = z.infer<typeof Profile>;

export const StoreSort = z.enum(["runs", "rating", "recent"]);

export const StoreAgentCard = z.object({
  listing_id: z.string(),
  slug: z.string(),
  creator: z.object({ username: z.string(), name: z.string() }),
  name: z.string(),
  sub_heading: z.string(),
  categories: z.array(z.string()),
  image_url: z.string().nullable(),
  runs: z.number().int(),
  rating: z.number().nullable().describe("Mean score 1–5, null when unrated"),
  rating_count: z.number().int(),
  updated_at: z.string(),
});
export type StoreAgentCard = z.infer<typeof StoreAgentCard>;

const JsonObject = z.record(z.string(), z.unknown());

export const StoreReview = z.object({
  username: z.string().nullable(),
  score: z.number().int(),
  comments: z.string(),
  updated_at: z.string(),
});

export const StoreAgentDetail = StoreAgentCard.extend({
  description: z.string().describe("Markdown"),
  version: z.number().int().describe("The listing's version (1 for the first approved submission, …)"),
  submission_id: z.string(),
  input_schema: JsonObject,
  output_schema: JsonObject,
  credentials_input_schema: JsonObject,
  graph_image_url: z.string().describe("SVG picture of the graph"),
  node_count: z.number().int(),
  reviews: z.array(StoreReview),
});
export type StoreAgentDetail = z.infer<typeof StoreAgentDetail>;

export const StoreCreator = Profile.extend({
  agents: z.array(StoreAgentCard),
  runs: z.number().int(),
  rating: z.number().nullable(),
});

export const RatingBody = z.object({
  score: z.number().int().min(1).max(5),
  comments: z.string().max(5_000).default(""),
});

// ---- Library ----

export const LibraryAdd = z.object({
  listing_id: z.string().min(1).max(100).optional(),
  username: z.string().max(40).optional(),
  slug: z.string().max(64).optional(),
});

export const LibraryAgent = z.object({
  graph_id: z.string(),
  graph_version: z.number().int(),
  name: z.string(),
  description: z.string(),
  source: z.enum(["own", "store"]),
  is_favorite: z.boolean(),
  listing: z
    .object({
      listing_id: z.string(),
      username: z.string().nullable(),
      slug: z.string(),
      version: z.number().int().describe("The listed version this copy is pinned to"),
      latest_version: z.number().int().nullable().describe("The newest approved version, null when withdrawn"),
      update_available: z.boolean(),
    })
    .nullable(),
  input_schema: JsonObject,
  credentials_input_schema: JsonObject,
  created_at: z.string(),
});
export type LibraryAgent = z.infer<typeof LibraryAgent>;

export const LibraryAgentPatch = z.object({ is_favorite: z.boolean() });

export const CredentialsInputs = z.record(
  z.string(),
  z.object({ id: z.string(), provider: z.string(), type: z.string(), title: z.string().optional() }),
);

export const PresetCreate = z.object({
  graph_id: z.string().min(1).max(100),
  graph_version: z.number().int().positive().optional().describe("Pinned version; the active one when absent"),
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2_000).default(""),
  inputs: z.record(z.string(), z.unknown()).default({}),
  credentials_inputs: CredentialsInputs.optional(),
});
export const PresetUpdate = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().max(2_000).optional(),
  graph_version: z.number().int().positive().nullable().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  credentials_inputs: CredentialsInputs.nullable().optional(),
});
export const Preset = z.object({
  id: z.string(),
  graph_id: z.string(),
  graph_version: z.number().int().nullable(),
  name: z.string(),
  description: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  credentials_inputs: CredentialsInputs.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Preset = z.infer<typeof Preset>;

// ---- Shared runs ----

export const ShareLink = z.object({ token: z.string(), url: z.string() });

export const SharedRun = z.object({
  graph_name: z.string(),
  graph_version: z.number().int(),
  status: z.string(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  inputs: z.record(z.string(), z.unknown()),
  outputs: z.record(z.string(), z.array(z.unknown())),
  timeline: z.array(
    z.object({
      node_id: z.string(),
      block_id: z.string(),
      status: z.string(),
      error: z.string().nullable(),
      started_at: z.string().nullable(),
      ended_at: z.string().nullable(),
    }),
  ),
});
export type SharedRun = z.infer<typeof SharedRun>;
