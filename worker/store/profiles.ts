// Creators' public profiles. A user who publishes without one gets a username made from their email.
import type { z } from "zod";
import { conflict } from "../errors";
import type { Profile, ProfileUpdate } from "./shapes";

type ProfileRow = { user_id: string; username: string; name: string; bio: string; links: string };

export const profileOut = (row: ProfileRow): Profile => ({
  username: row.username,
  name: row.name,
  bio: row.bio,
  links: JSON.parse(row.links) as string[],
});

export const getProfile = (db: D1Database, userId: string) =>
  db.prepare("SELECT * FROM store_profiles WHERE user_id = ?").bind(userId).first<ProfileRow>();

export const profileByUsername = (db: D1Database, username: string) =>
  db.prepare("SELECT * FROM store_profiles WHERE username = ?").bind(username.toLowerCase()).first<ProfileRow>();

const isUnique = (err: unknown) =>
  String(err instanceof Error ? `${err.message} ${err.cause}` : err).includes("UNIQUE");

export async function putProfile(
  db: D1Database,
  userId: string,
  body: z.infer<typeof ProfileUpdate>,
): Promise<ProfileRow> {
  try {
    await db
      .prepare(
        `INSERT INTO store_profiles (user_id, username, name, bio, links) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, name = excluded.name, bio = excluded.bio,
           links = excluded.links, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
      )
      .bind(userId, body.username, body.name, body.bio, JSON.stringify(body.links))
      .run();
  } catch (err) {
    if (isUnique(err)) throw conflict(`The username '${body.username}' is taken`);
    throw err;
  }
  return (await getProfile(db, userId)) as ProfileRow;
}

/** The user's profile, made on first publish: username from the email's local part, suffixed until free. */
export async function ensureProfile(db: D1Database, userId: string): Promise<ProfileRow> {
  const found = await getProfile(db, userId);
  if (found) return found;
  const user = await db.prepare("SELECT email FROM users WHERE id = ?").bind(userId).first<{ email: string }>();
  const local = (user?.email.split("@")[0] ?? "creator").toLowerCase();
  const base =
    local
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "")
      .slice(0, 30) || "creator";
  for (let i = 0; i < 20; i++) {
    const username = i === 0 && base.length >= 2 ? base : `${base}-${crypto.randomUUID().slice(0, 6)}`;
    try {
      await db
        .prepare("INSERT INTO store_profiles (user_id, username) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING")
        .bind(userId, username)
        .run();
      const row = await getProfile(db, userId);
      if (row) return row;
    } catch (err) {
      if (!isUnique(err)) throw err;
    }
  }
  throw conflict("Could not choose a username; set one with PUT /api/v1/store/profile");
}
