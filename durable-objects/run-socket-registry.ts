// The user's per-run sockets (`/api/v1/executions/:id/ws`), as the user's EventHub knows them: those sockets live
// in the runs' objects, but the cap per user, key revocation and token expiry are per user, so the hub keeps one
// row per socket it admitted and tells the runs when to close theirs (socket-access.ts).
//
// A socket closing in its run does not always reach the hub (the run tells it, best effort), so when the cap is
// reached the hub first asks each run how many of the user's sockets it still holds.

import type { SocketGrant } from "./socket-access";

const CREATE = `CREATE TABLE IF NOT EXISTS run_sockets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  api_key_id TEXT,
  expires_at INTEGER
)`;

export class RunSocketRegistry {
  private ready = false;

  constructor(private readonly sql: SqlStorage) {}

  private table(): SqlStorage {
    if (!this.ready) {
      this.sql.exec(CREATE);
      this.ready = true;
    }
    return this.sql;
  }

  count(): number {
    return this.table().exec<{ n: number }>("SELECT COUNT(*) AS n FROM run_sockets").one().n;
  }

  add(runId: string, grant: SocketGrant): void {
    this.table().exec(
      "INSERT INTO run_sockets (run_id, api_key_id, expires_at) VALUES (?, ?, ?)",
      runId,
      grant.apiKeyId ?? null,
      grant.expiresAt ?? null,
    );
  }

  /** One socket of `runId` closed (or was never opened). */
  removeOne(runId: string): void {
    this.table().exec(
      "DELETE FROM run_sockets WHERE id = (SELECT id FROM run_sockets WHERE run_id = ? ORDER BY id LIMIT 1)",
      runId,
    );
  }

  /** Keeps at most `open` rows for `runId` (the run's own count is the truth). */
  trim(runId: string, open: number): void {
    this.table().exec(
      "DELETE FROM run_sockets WHERE run_id = ? AND id NOT IN (SELECT id FROM run_sockets WHERE run_id = ? ORDER BY id DESC LIMIT ?)",
      runId,
      runId,
      Math.max(0, open),
    );
  }

  runs(): string[] {
    return this.table()
      .exec<{ run_id: string }>("SELECT DISTINCT run_id FROM run_sockets")
      .toArray()
      .map((r) => r.run_id);
  }

  /** Runs holding sockets of `apiKeyId`; their rows go (the runs close those sockets). */
  takeByKey(apiKeyId: string): string[] {
    return this.take("api_key_id = ?", apiKeyId);
  }

  /** Runs holding sockets whose token expired by `now`; their rows go. */
  takeExpired(now: number): string[] {
    return this.take("expires_at <= ?", now);
  }

  /** Deletes the rows matching `where` (one statement) and returns their runs, each once. */
  private take(where: string, value: string | number): string[] {
    const rows = this.table()
      .exec<{ run_id: string }>(`DELETE FROM run_sockets WHERE ${where} RETURNING run_id`, value)
      .toArray();
    return [...new Set(rows.map((r) => r.run_id))];
  }

  nextExpiry(): number | undefined {
    const row = this.table().exec<{ at: number | null }>("SELECT MIN(expires_at) AS at FROM run_sockets").one();
    return row.at ?? undefined;
  }
}
