// Schedules: run a graph on a cron expression in a time zone. Create under a graph, list, read, edit, pause,
// resume, delete. The cron handler (worker/schedules/tick.ts) fires them; someone else's schedule is a 404.
import { createRoute, z } from "@hono/zod-openapi";
import { badRequest, forbidden, notFound } from "../errors";
import { inputProblems } from "../executions/inputs";
import { preparedGraph } from "../executions/start";
import { callbackUrlRefusal } from "../jobs/callback";
import { presetRunInputs } from "../library/presets";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, IdParam, json, security } from "../openapi";
import { newRouter } from "../router";
import { checkScheduleCredentials } from "../schedules/credentials";
import { type ParsedCron, parseCron, shortestGapSeconds } from "../schedules/cron";
import { scheduleLimits } from "../schedules/limits";
import {
  countSchedules,
  getSchedule,
  listSchedules,
  nextRunAt,
  type ScheduleRow,
  scheduleView,
} from "../schedules/repository";
import { NewSchedule, SchedulePatch, ScheduleView } from "../schedules/schema";

const ScheduleList = z.object({ items: z.array(ScheduleView) }).openapi("ScheduleList");

const errors = {
  400: json(ErrorBody, "Invalid request (bad cron expression or time zone: field paths)"),
  401: json(ErrorBody, "Not authenticated"),
  404: json(ErrorBody, "No such graph or schedule (or not yours)"),
};

const create = createRoute({
  method: "post",
  path: "/graphs/{id}/schedules",
  tags: ["schedules"],
  summary: "Run this graph on a cron schedule",
  security,
  middleware: [requireAuth("execute")] as const,
  request: { params: IdParam, body: { ...json(NewSchedule, "The schedule"), required: true } },
  responses: {
    201: json(ScheduleView, "The schedule with its next fire times"),
    403: json(ErrorBody, "The per-user schedule limit is reached"),
    ...errors,
  },
});
const listForGraph = createRoute({
  method: "get",
  path: "/graphs/{id}/schedules",
  tags: ["schedules"],
  summary: "This graph's schedules",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam },
  responses: { 200: json(ScheduleList, "Schedules"), ...errors },
});
const list = createRoute({
  method: "get",
  path: "/schedules",
  tags: ["schedules"],
  summary: "All of the caller's schedules",
  security,
  middleware: [requireAuth("read")] as const,
  responses: { 200: json(ScheduleList, "Schedules"), ...errors },
});
const get = createRoute({
  method: "get",
  path: "/schedules/{id}",
  tags: ["schedules"],
  summary: "A schedule with its next fire times and last run",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam },
  responses: { 200: json(ScheduleView, "The schedule"), ...errors },
});
const patch = createRoute({
  method: "patch",
  path: "/schedules/{id}",
  tags: ["schedules"],
  summary: "Edit, pause (`paused: true`) or resume a schedule; a resumed schedule does not run missed fires",
  security,
  middleware: [requireAuth("execute")] as const,
  request: { params: IdParam, body: { ...json(SchedulePatch, "Fields to change"), required: true } },
  responses: { 200: json(ScheduleView, "The schedule"), ...errors },
});
const remove = createRoute({
  method: "delete",
  path: "/schedules/{id}",
  tags: ["schedules"],
  summary: "Delete a schedule (its past runs stay)",
  security,
  middleware: [requireAuth("execute")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors },
});

/** A valid expression and zone that fires no more often than allowed, or 400 with `cron` / `timezone` paths. */
function checkedCron(env: Env, cron: string, timezone: string): ParsedCron {
  const parsed = parseCron(cron, timezone);
  if (Array.isArray(parsed)) throw badRequest("Invalid schedule", parsed);
  const min = scheduleLimits(env).minIntervalSeconds;
  const gap = shortestGapSeconds(parsed, Date.now());
  if (gap < min) {
    throw badRequest("Invalid schedule", [
      { path: "cron", message: `Fires every ${gap} s; the minimum interval is ${min} s` },
    ]);
  }
  return parsed;
}

/** A callback address must pass the same SSRF guard as SendWebRequest. */
function checkedCallback(env: Env, url: string | null | undefined) {
  if (!url) return;
  const reason = callbackUrlRefusal(env, new URL(url));
  if (reason) throw badRequest("Callback URL not allowed", [{ path: "callback_url", message: reason }]);
}

export const scheduleRoutes = newRouter();

scheduleRoutes.openapi(create, async (c) => {
  const { id: graphId } = c.req.valid("param");
  const body = c.req.valid("json");
  const { userId } = c.get("auth");
  checkedCron(c.env, body.cron, body.timezone);
  checkedCallback(c.env, body.callback_url);
  const graph = await c.env.DB.prepare(
    body.graph_version === undefined
      ? "SELECT version FROM graphs WHERE id = ? AND owner_id = ? AND is_active = 1 LIMIT 1"
      : "SELECT version FROM graphs WHERE id = ? AND owner_id = ? AND version = ? LIMIT 1",
  )
    .bind(...(body.graph_version === undefined ? [graphId, userId] : [graphId, userId, body.graph_version]))
    .first<{ version: number }>();
  if (!graph) throw notFound(body.graph_version === undefined ? "Graph" : `Graph version ${body.graph_version}`);
  const { inputSchema } = await preparedGraph(c.env.DB, userId, graphId, graph.version);
  const preset = body.preset_id ? await presetRunInputs(c.env.DB, userId, body.preset_id, graphId) : null;
  const wrong = inputProblems(inputSchema, { ...preset?.inputs, ...body.inputs });
  if (wrong.length > 0) throw badRequest("Invalid inputs", wrong);
  await checkScheduleCredentials(c.env.DB, userId, graphId, graph.version, body.credentials);
  const cap = scheduleLimits(c.env).perUser;
  if ((await countSchedules(c.env.DB, userId)) >= cap) throw forbidden(`Schedule limit reached (${cap} per user)`);
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await c.env.DB.prepare(
    `INSERT INTO schedules (id, owner_id, graph_id, graph_version, name, cron, timezone, inputs, credentials,
      callback_url, enabled, next_run_at, created_at, updated_at, preset_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      userId,
      graphId,
      graph.version,
      body.name,
      body.cron,
      body.timezone,
      JSON.stringify(body.inputs),
      body.credentials ? JSON.stringify(body.credentials) : null,
      body.callback_url ?? null,
      nextRunAt(body.cron, body.timezone, Date.now()),
      now,
      now,
      body.preset_id ?? null,
    )
    .run();
  const row = (await getSchedule(c.env.DB, userId, id)) as ScheduleRow;
  return c.json(scheduleView(row), 201);
});

scheduleRoutes.openapi(listForGraph, async (c) => {
  const rows = await listSchedules(c.env.DB, c.get("auth").userId, c.req.valid("param").id);
  return c.json({ items: rows.map((r) => scheduleView(r)) }, 200);
});

scheduleRoutes.openapi(list, async (c) => {
  const rows = await listSchedules(c.env.DB, c.get("auth").userId);
  return c.json({ items: rows.map((r) => scheduleView(r)) }, 200);
});

scheduleRoutes.openapi(get, async (c) => {
  const row = await getSchedule(c.env.DB, c.get("auth").userId, c.req.valid("param").id);
  if (!row) throw notFound("Schedule");
  return c.json(scheduleView(row), 200);
});

scheduleRoutes.openapi(patch, async (c) => {
  const { userId } = c.get("auth");
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const row = await getSchedule(c.env.DB, userId, id);
  if (!row) throw notFound("Schedule");
  const cron = body.cron ?? row.cron;
  const timezone = body.timezone ?? row.timezone;
  if (body.cron !== undefined || body.timezone !== undefined) checkedCron(c.env, cron, timezone);
  checkedCallback(c.env, body.callback_url);
  if (body.credentials !== undefined) {
    await checkScheduleCredentials(c.env.DB, userId, row.graph_id, row.graph_version, body.credentials);
  }
  const enabled = body.paused === undefined ? row.enabled === 1 : !body.paused;
  // A changed expression, or a resume, counts from now: fires missed while paused are not run.
  const retime = body.cron !== undefined || body.timezone !== undefined || (enabled && row.enabled === 0);
  await c.env.DB.prepare(
    `UPDATE schedules SET name = ?, cron = ?, timezone = ?, inputs = ?, credentials = ?, callback_url = ?,
      enabled = ?, next_run_at = ?, updated_at = ? WHERE id = ? AND owner_id = ?`,
  )
    .bind(
      body.name ?? row.name,
      cron,
      timezone,
      body.inputs === undefined ? row.inputs : JSON.stringify(body.inputs),
      body.credentials === undefined ? row.credentials : body.credentials && JSON.stringify(body.credentials),
      body.callback_url === undefined ? row.callback_url : body.callback_url,
      enabled ? 1 : 0,
      retime ? nextRunAt(cron, timezone, Date.now()) : row.next_run_at,
      new Date().toISOString(),
      id,
      userId,
    )
    .run();
  return c.json(scheduleView((await getSchedule(c.env.DB, userId, id)) as ScheduleRow), 200);
});

scheduleRoutes.openapi(remove, async (c) => {
  const { meta } = await c.env.DB.prepare("DELETE FROM schedules WHERE id = ? AND owner_id = ?")
    .bind(c.req.valid("param").id, c.get("auth").userId)
    .run();
  if (meta.changes === 0) throw notFound("Schedule");
  return c.body(null, 204);
});
