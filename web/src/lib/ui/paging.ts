// Helpers of list pages that load older items below and re-read their first page when something changes live.

/**
 * `items` followed by the rows of `more` not already listed (rows can shift between pages while new ones arrive).
 * @example items = appendPage(items, (await runs.list(filter, nextCursor)).items);
 */
export function appendPage<T extends { id: string }>(items: readonly T[], more: readonly T[]): T[] {
  const known = new Set(items.map((r) => r.id));
  return [...items, ...more.filter((r) => !known.has(r.id))];
}

/**
 * `fn` run once, `ms` after the last of a burst of calls (live events batched into one reload); `cancel` drops a
 * pending run.
 * @example const reload = debounced(() => void load(), 300); ... return () => reload.cancel();
 */
export function debounced(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const call = () => {
    clearTimeout(pending);
    pending = setTimeout(fn, ms);
  };
  return Object.assign(call, { cancel: () => clearTimeout(pending) });
}
