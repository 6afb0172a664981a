// API keys: create (the key is shown once), list the caller's keys, revoke.
import { createRoute, z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { apiKeys } from "../../db/schema";
import { generateApiKey } from "../auth/api-key";
import { Scope } from "../auth/identity";
import { decodeCursor, encodeCursor, newestFirst, olderThan, PageQuery, splitPage } from "../db/pagination";
import { ApiError, forbidden, notFound, unauthorized } from "../errors";
import { forgetApiKey, requireAuth } from "../middleware/auth";
import { ErrorBody, json, security } from "../openapi";
import { newRouter } from "../router";

const NewApiKey = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "CI runner" }),
    scopes: z
      .array(Scope)
      .min(1)
      .refine((s) => new Set(s).size === s.length, "Scopes must not repeat")
      .openapi({ example: ["read", "execute"] }),
  })
  .openapi("NewApiKey");

const ApiKeyInfo = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ description: "First 12 characters of the key, to recognise it" }),
    scopes: z.array(Scope),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
  })
  .openapi("ApiKey");

const CreatedApiKey = ApiKeyInfo.omit({ last_used_at: true })
  .extend({ key: z.string().openapi({ description: "The secret key. Shown only in this response." }) })
  .openapi("CreatedApiKey");

const ApiKeyPage = z.object({ items: z.array(ApiKeyInfo), next_cursor: z.string().nullable() }).openapi("ApiKeyPage");

const KeyId = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["api-keys"],
  summary: "Create an API key (the key is returned once)",
  security,
  middleware: [requireAuth("write")] as const,
  request: { body: { ...json(NewApiKey, "Name and scopes"), required: true } },
  responses: {
    201: json(CreatedApiKey, "The new key, including the secret"),
    400: json(ErrorBody, "Invalid name or scopes"),
    401: json(ErrorBody, "Missing or invalid credentials"),
    403: json(
      ErrorBody,
      "Lacking the write scope, asking for scopes the caller does not have, or MAX_API_KEYS_PER_USER live keys already",
    ),
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["api-keys"],
  summary: "The caller's live API keys, newest first (never the key itself)",
  security,
  middleware: [requireAuth("read")] as const,
  request: { query: PageQuery },
  responses: {
    200: json(ApiKeyPage, "One page of keys"),
    400: json(ErrorBody, "Invalid limit or cursor"),
    401: json(ErrorBody, "Missing or invalid credentials"),
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["api-keys"],
  summary: "Revoke an API key and every key minted with it; they stop working immediately",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: KeyId },
  responses: {
    204: { description: "Revoked" },
    401: json(ErrorBody, "Missing or invalid credentials"),
    403: json(ErrorBody, "Lacking the write scope"),
    404: json(ErrorBody, "No such live key owned by the caller"),
  },
});

export const apiKeyRoutes = newRouter();

apiKeyRoutes.openapi(create, async (c) => {
  const { name, scopes } = c.req.valid("json");
  const auth = c.get("auth");
  // A key may mint keys, but never one more powerful than itself, and they die with it (revokeWithDescendants).
  const beyond = scopes.filter((s) => !auth.scopes.includes(s));
  if (beyond.length > 0) throw forbidden(`Cannot grant scopes this credential lacks: ${beyond.join(", ")}`);
  const { key, prefix, hash } = await generateApiKey();
  const parentKeyId = auth.via === "api_key" ? (auth.apiKeyId ?? null) : null;
  const row = await insertKey(
    c.env.DB,
    {
      id: crypto.randomUUID(),
      ownerId: auth.userId,
      name,
      prefix,
      keyHash: hash,
      scopes,
      parentKeyId,
    },
    maxApiKeysPerUser(c.env),
  );
  if (row === "refused") {
    if (parentKeyId && !(await keyIsLive(c.env.DB, auth.userId, parentKeyId))) {
      // The minting key was revoked after this isolate verified it (a revocation racing this request, or made in
      // another isolate that still trusted it): no key outlives it.
      forgetApiKey(parentKeyId);
      throw unauthorized("Invalid or expired credentials");
    }
    throw new ApiError(
      403,
      "too_many_api_keys",
      `At most ${maxApiKeysPerUser(c.env)} live API keys per user (MAX_API_KEYS_PER_USER): revoke one first`,
    );
  }
  return c.json({ id: row.id, key, prefix, scopes, name, created_at: row.createdAt }, 201);
});

apiKeyRoutes.openapi(list, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const { userId } = c.get("auth");
  const rows = await drizzle(c.env.DB)
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.ownerId, userId),
        isNull(apiKeys.revokedAt),
        olderThan(apiKeys, cursor ? decodeCursor(cursor) : undefined),
      ),
    )
    .orderBy(...newestFirst(apiKeys))
    .limit(limit + 1);
  const { page, next } = splitPage(rows, limit);
  return c.json(
    {
      items: page.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        scopes: Scope.array().catch([]).parse(r.scopes),
        created_at: r.createdAt,
        last_used_at: r.lastUsedAt,
      })),
      next_cursor: next ? encodeCursor(next) : null,
    },
    200,
  );
});

apiKeyRoutes.openapi(revoke, async (c) => {
  const { id } = c.req.valid("param");
  const { userId } = c.get("auth");
  const revoked = await revokeWithDescendants(c.env.DB, userId, id);
  if (revoked.length === 0) throw notFound("API key");
  // Live sockets opened with any of them close now (each also re-checks its key on its next message).
  const hub = c.env.EVENT_HUB.get(c.env.EVENT_HUB.idFromName(userId));
  for (const keyId of revoked) {
    forgetApiKey(keyId);
    await hub.revokeKey(keyId).catch(() => undefined);
  }
  return c.body(null, 204);
});

type NewKeyRow = {
  id: string;
  ownerId: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: string[];
  parentKeyId: string | null;
};

/** Live API keys one user may hold (`MAX_API_KEYS_PER_USER`): each has its own rate-limit bucket. */
const maxApiKeysPerUser = (env: { MAX_API_KEYS_PER_USER?: string }) => {
  const n = Number(env.MAX_API_KEYS_PER_USER);
  return Number.isInteger(n) && n > 0 ? n : 100;
};

/**
 * Inserts a key while the owner holds fewer than `max` live keys, and one minted by another key only while that
 * key is still live, in the same statement: keys made at once cannot pass the cap together, and a revocation
 * (revokeWithDescendants) either comes first and nothing is minted, or comes after and finds the child.
 */
async function insertKey(
  db: D1Database,
  k: NewKeyRow,
  max: number,
): Promise<{ id: string; createdAt: string } | "refused"> {
  const row = await db
    .prepare(
      `INSERT INTO api_keys (id, owner_id, name, prefix, key_hash, scopes, parent_key_id)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
       WHERE (?7 IS NULL OR EXISTS (SELECT 1 FROM api_keys WHERE id = ?7 AND owner_id = ?2 AND revoked_at IS NULL))
         AND (SELECT COUNT(*) FROM api_keys WHERE owner_id = ?2 AND revoked_at IS NULL) < ?8
       RETURNING id, created_at AS createdAt`,
    )
    .bind(k.id, k.ownerId, k.name, k.prefix, k.keyHash, JSON.stringify(k.scopes), k.parentKeyId, max)
    .first<{ id: string; createdAt: string }>();
  return row ?? "refused";
}

const keyIsLive = async (db: D1Database, ownerId: string, id: string) =>
  (await drizzle(db)
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.ownerId, ownerId), isNull(apiKeys.revokedAt)))
    .get()) !== undefined;

/**
 * Revokes a live key of the owner and every live key minted from it, at any depth: a key someone stole and used
 * to mint more leaves none behind. The ids revoked (none: no such live key of the owner).
 */
async function revokeWithDescendants(db: D1Database, ownerId: string, id: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `WITH RECURSIVE lineage(id) AS (
         SELECT id FROM api_keys WHERE id = ?1 AND owner_id = ?2 AND revoked_at IS NULL
         UNION SELECT k.id FROM api_keys k JOIN lineage l ON k.parent_key_id = l.id WHERE k.owner_id = ?2
       )
       UPDATE api_keys SET revoked_at = ?3 WHERE id IN (SELECT id FROM lineage) AND revoked_at IS NULL RETURNING id`,
    )
    .bind(id, ownerId, new Date().toISOString())
    .all<{ id: string }>();
  return results.map((r) => r.id);
}
