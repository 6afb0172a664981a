// Dates in lists and tables, written the user's way.

/**
 * A time as the user's locale writes it, or `fallback` when there is none.
 * @example <td>{localTime(run.startedAt, "—")}</td>
 */
export const localTime = (t: number | string | null | undefined, fallback = "") =>
  t ? new Date(t).toLocaleString() : fallback;
