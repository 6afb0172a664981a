// The one per-isolate cache: at most `max` entries (the least recently used goes first), each optionally kept
// for `ttlMs` only. Per-isolate caches are only ever hints (another isolate may hold a different one), so they
// must stay small and may forget at any time. The clock is injected for tests.

export type BoundedCacheOptions = { max: number; ttlMs?: number; now?: () => number };

/**
 * @example
 * const versions = new BoundedCache<string, number>({ max: 1000, ttlMs: 2000 });
 * versions.set(key, 3); versions.get(key); // 3 (for 2 s)
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor({ max, ttlMs = Number.POSITIVE_INFINITY, now = Date.now }: BoundedCacheOptions) {
    this.max = Math.max(1, max);
    this.ttlMs = ttlMs;
    this.now = now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, or undefined when absent or expired (an expired entry is dropped). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Map keeps insertion order: moving the key to the end makes it the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, {
      value,
      until: this.ttlMs === Number.POSITIVE_INFINITY ? this.ttlMs : this.now() + this.ttlMs,
    });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry that matches (e.g. all cached versions of one graph). */
  deleteWhere(match: (key: K, value: V) => boolean): void {
    for (const [key, entry] of [...this.entries]) if (match(key, entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
