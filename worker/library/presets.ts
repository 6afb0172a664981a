// Presets: saved inputs and credentials (vault references, never secrets) for one of the user's graphs. A run
// from a preset goes through the one start path; schedules may name a preset (worker/schedules/fire.ts).
import type { z } from "zod";
import type { RunTrigger } from "../../engine/views";
import { notFound } from "../errors";
import { startGraphRun } from "../executions/start";
import { requireOwnGraph } from "../graphs/owned";
import type { Preset, PresetCreate, PresetUpdate } from "../store/shapes";

type PresetRow = {
  id: string;
  owner_id: string;
  graph_id: string;
  graph_version: number | null;
  name: string;
  description: string;
  inputs: string;
  credentials: string | null;
  created_at: string;
  updated_at: string;
};

const presetOut = (row: PresetRow): Preset => ({
  id: row.id,
  graph_id: row.graph_id,
  graph_version: row.graph_version,
  name: row.name,
  description: row.description,
  inputs: JSON.parse(row.inputs) as Record<string, unknown>,
  credentials_inputs: row.credentials === null ? null : (JSON.parse(row.credentials) as Preset["credentials_inputs"]),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

const getPreset = (db: D1Database, ownerId: string, id: string) =>
  db.prepare("SELECT * FROM library_presets WHERE id = ? AND owner_id = ?").bind(id, ownerId).first<PresetRow>();

/** The owner's preset; 404 when they have none with this id. */
export async function ownPreset(db: D1Database, ownerId: string, id: string): Promise<Preset> {
  const row = await getPreset(db, ownerId, id);
  if (!row) throw notFound("Preset");
  return presetOut(row);
}

export async function listPresets(db: D1Database, ownerId: string, graphId?: string): Promise<Preset[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM library_presets WHERE owner_id = ? ${graphId ? "AND graph_id = ?" : ""}
       ORDER BY updated_at DESC LIMIT 500`,
    )
    .bind(...(graphId ? [ownerId, graphId] : [ownerId]))
    .all<PresetRow>();
  return results.map(presetOut);
}

export async function createPreset(db: D1Database, ownerId: string, body: z.infer<typeof PresetCreate>) {
  await requireOwnGraph(db, ownerId, body.graph_id, { version: body.graph_version });
  const id = crypto.randomUUID();
  await db
    .prepare(
      `INSERT INTO library_presets (id, owner_id, graph_id, graph_version, name, description, inputs, credentials)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      id,
      ownerId,
      body.graph_id,
      body.graph_version ?? null,
      body.name,
      body.description,
      JSON.stringify(body.inputs),
      body.credentials_inputs ? JSON.stringify(body.credentials_inputs) : null,
    )
    .run();
  return presetOut((await getPreset(db, ownerId, id)) as PresetRow);
}

export async function updatePreset(db: D1Database, ownerId: string, id: string, body: z.infer<typeof PresetUpdate>) {
  const row = await getPreset(db, ownerId, id);
  if (!row) throw notFound("Preset");
  if (body.graph_version) await requireOwnGraph(db, ownerId, row.graph_id, { version: body.graph_version });
  await db
    .prepare(
      `UPDATE library_presets SET name = ?, description = ?, graph_version = ?, inputs = ?, credentials = ?,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND owner_id = ?`,
    )
    .bind(
      body.name ?? row.name,
      body.description ?? row.description,
      body.graph_version === undefined ? row.graph_version : body.graph_version,
      body.inputs === undefined ? row.inputs : JSON.stringify(body.inputs),
      body.credentials_inputs === undefined
        ? row.credentials
        : body.credentials_inputs && JSON.stringify(body.credentials_inputs),
      id,
      ownerId,
    )
    .run();
  return presetOut((await getPreset(db, ownerId, id)) as PresetRow);
}

export async function deletePreset(db: D1Database, ownerId: string, id: string) {
  const [deleted] = await db.batch([
    db.prepare("DELETE FROM library_presets WHERE id = ? AND owner_id = ?").bind(id, ownerId),
    // A webhook naming it goes back to no preset (its URL keeps starting runs, as the editor then shows "none");
    // a schedule naming it records a failed fire instead, since it names it for its own inputs' sake.
    db.prepare("UPDATE webhooks SET preset_id = NULL WHERE owner_id = ? AND preset_id = ?").bind(ownerId, id),
  ]);
  if (!deleted || deleted.meta.changes === 0) throw notFound("Preset");
}

/**
 * Starts a run from a preset; `inputs` given here override the preset's, field by field.
 * @example await executePreset(env, userId, presetId, { inputs: {}, trigger: { type: "manual" } })
 */
export async function executePreset(
  env: Env,
  ownerId: string,
  id: string,
  opts: { inputs?: Record<string, unknown>; trigger?: RunTrigger; waitMs?: number; idempotencyKey?: string },
) {
  const preset = await ownPreset(env.DB, ownerId, id);
  return startGraphRun(env, {
    ownerId,
    graphId: preset.graph_id,
    version: preset.graph_version ?? undefined,
    inputs: { ...preset.inputs, ...(opts.inputs ?? {}) },
    credentialsInputs: preset.credentials_inputs ?? undefined,
    trigger: opts.trigger,
    waitMs: opts.waitMs,
    idempotencyKey: opts.idempotencyKey,
  });
}

/** A preset's inputs and credentials for a run of `graphId`; 404 when the owner has no such preset of that graph. */
export async function presetRunInputs(db: D1Database, ownerId: string, presetId: string, graphId: string) {
  const preset = await ownPreset(db, ownerId, presetId);
  if (preset.graph_id !== graphId) throw notFound("Preset");
  return { inputs: preset.inputs, credentialsInputs: preset.credentials_inputs ?? undefined };
}

type RunInputs = { inputs: Record<string, unknown>; credentialsInputs?: Record<string, unknown> };

/**
 * The run inputs of something that names a preset (a schedule, a webhook): the preset's inputs and credentials,
 * the caller's own on top field by field. No preset: the caller's own as they are.
 * @example await withPreset(env.DB, ownerId, row.preset_id, graphId, { inputs: {} })
 */
export async function withPreset(
  db: D1Database,
  ownerId: string,
  presetId: string | null | undefined,
  graphId: string,
  own: RunInputs,
): Promise<RunInputs> {
  const preset = presetId ? await presetRunInputs(db, ownerId, presetId, graphId) : null;
  return {
    inputs: { ...preset?.inputs, ...own.inputs },
    credentialsInputs: own.credentialsInputs
      ? { ...preset?.credentialsInputs, ...own.credentialsInputs }
      : preset?.credentialsInputs,
  };
}
