// Monitoring: run analytics per agent and overall for the caller, the same across users for admins
// (`ADMIN_USERS`), and Prometheus metrics for operators (an admin, or `Authorization: Bearer <METRICS_TOKEN>`).
// Everything reads the rollups the run index keeps (worker/analytics/report.ts), never the runs.
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { prometheusText } from "../analytics/prometheus";
import { analyticsReport, dayRange } from "../analytics/report";
import { AnalyticsQuery, AnalyticsReport } from "../analytics/shapes";
import { requireAdmin } from "../auth/admin";
import type { AppEnv } from "../env";
import { requireOwnGraph } from "../graphs/owned";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, security } from "../openapi";
import { newRouter } from "../router";

const Report = AnalyticsReport;
const errors = {
  400: json(ErrorBody, "Invalid query"),
  401: json(ErrorBody, "Not authenticated"),
};

const overview = createRoute({
  method: "get",
  path: "/analytics/overview",
  tags: ["analytics"],
  summary: "The caller's runs over the last `days` days: per day by status, per agent, totals, failing blocks",
  security,
  middleware: [requireAuth("read")] as const,
  request: { query: AnalyticsQuery },
  responses: { 200: json(Report, "The report"), ...errors },
});

const forGraph = createRoute({
  method: "get",
  path: "/analytics/graphs/{id}",
  tags: ["analytics"],
  summary: "One agent's runs over the last `days` days",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam, query: AnalyticsQuery },
  responses: { 200: json(Report, "The report"), 404: json(ErrorBody, "No such agent (or not yours)"), ...errors },
});

const adminOverview = createRoute({
  method: "get",
  path: "/admin/analytics",
  tags: ["analytics"],
  summary: "Admin: every user's runs over the last `days` days, with the users running most",
  security,
  middleware: [requireAuth("read"), requireAdmin()] as const,
  request: { query: AnalyticsQuery },
  responses: { 200: json(Report, "The report across users"), 403: json(ErrorBody, "Not an admin"), ...errors },
});

/** The metrics token (constant-time compare on digests) lets a scraper in without a user; anyone else: admin. */
const metricsAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.METRICS_TOKEN;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "")?.[1];
  if (expected && presented && (await sameSecret(presented, expected))) return next();
  return requireAuth("read")(c, async () => {
    await requireAdmin()(c, next);
  });
};

async function sameSecret(a: string, b: string): Promise<boolean> {
  const digest = (s: string) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(s));
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  return crypto.subtle.timingSafeEqual(x, y);
}

const metrics = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["analytics"],
  summary: "Prometheus metrics (text format 0.0.4): an admin, or `Authorization: Bearer <METRICS_TOKEN>`",
  security,
  middleware: [metricsAccess] as const,
  responses: {
    200: { content: { "text/plain": { schema: z.string() } }, description: "Metrics" },
    401: json(ErrorBody, "Not authenticated"),
    403: json(ErrorBody, "Not an admin"),
  },
});

export const analyticsRoutes = newRouter();

analyticsRoutes.openapi(overview, async (c) => {
  const { days } = c.req.valid("query");
  return c.json(await analyticsReport(c.env.DB, { ownerId: c.get("auth").userId }, dayRange(days)), 200);
});

analyticsRoutes.openapi(forGraph, async (c) => {
  const { id } = c.req.valid("param");
  const { days } = c.req.valid("query");
  const { userId } = c.get("auth");
  await requireOwnGraph(c.env.DB, userId, id);
  return c.json(await analyticsReport(c.env.DB, { ownerId: userId, graphId: id }, dayRange(days)), 200);
});

analyticsRoutes.openapi(adminOverview, async (c) => {
  const { days } = c.req.valid("query");
  return c.json(await analyticsReport(c.env.DB, {}, dayRange(days), true), 200);
});

analyticsRoutes.openapi(metrics, async (c) =>
  c.text(await prometheusText(c.env.DB), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }),
);
