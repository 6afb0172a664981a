// Sharing a run read-only by link: create/replace and revoke (the owner), read (anyone with the token).
import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../errors";
import { revokeShare, sharedRun, shareRun } from "../executions/share";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, pathParam, security } from "../openapi";
import { newRouter } from "../router";
import { SharedRun, ShareLink } from "../store/shapes";

const TokenParam = z.object({ token: pathParam("token") });
const errors = { 401: json(ErrorBody, "Not authenticated"), 404: json(ErrorBody, "No such run (or not yours)") };

const share = createRoute({
  method: "post",
  path: "/executions/{id}/share",
  tags: ["executions"],
  summary: "Share a run read-only: a new link token (shown once; replaces an earlier link)",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: { 201: json(ShareLink.openapi("ShareLink"), "The link"), ...errors },
});
const revoke = createRoute({
  method: "delete",
  path: "/executions/{id}/share",
  tags: ["executions"],
  summary: "Revoke a run's shared link",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Revoked" }, ...errors },
});
const read = createRoute({
  method: "get",
  path: "/public/shared/{token}",
  tags: ["executions"],
  summary: "A shared run: inputs (secrets redacted), outputs, node timeline. No sign-in.",
  request: { params: TokenParam },
  responses: { 200: json(SharedRun.openapi("SharedRun"), "The run"), 404: json(ErrorBody, "Unknown or revoked") },
});

export const sharedRunRoutes = newRouter();

sharedRunRoutes.openapi(share, async (c) => {
  const token = await shareRun(c.env, c.get("auth").userId, c.req.valid("param").id);
  return c.json({ token, url: `/shared/${token}` }, 201);
});

sharedRunRoutes.openapi(revoke, async (c) => {
  await revokeShare(c.env, c.get("auth").userId, c.req.valid("param").id);
  return c.body(null, 204);
});

sharedRunRoutes.openapi(read, async (c) => {
  const view = await sharedRun(c.env, c.req.valid("param").token);
  if (!view) throw notFound("Shared run");
  c.header("Cache-Control", "no-store");
  return c.json(view, 200);
});
