// The store's full-text index (FTS5 table store_search, one row per live listing) and its query syntax:
// the user's words become quoted prefix terms, all required ("run shoe" → "run"* "shoe"*), so no FTS
// operator from the search box reaches SQLite.

/** An FTS5 MATCH expression for free text, or null when it holds no word. */
export function ftsQuery(search: string): string | null {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words)].slice(0, 12).map((w) => `"${w}"*`);
  return terms.length > 0 ? terms.join(" ") : null;
}

/** Statements that make the index row of a listing match its live submission (none when not live). */
export function reindexStatements(db: D1Database, listingId: string): D1PreparedStatement[] {
  return [
    db.prepare("DELETE FROM store_search WHERE listing_id = ?").bind(listingId),
    db
      .prepare(
        `INSERT INTO store_search (listing_id, name, sub_heading, description, categories)
         SELECT l.id, s.name, s.sub_heading, s.description,
                (SELECT group_concat(value, ' ') FROM json_each(s.categories))
         FROM store_listings l JOIN store_submissions s ON s.id = l.live_submission_id
         WHERE l.id = ?`,
      )
      .bind(listingId),
  ];
}
