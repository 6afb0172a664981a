// Run durations kept as counts in log-spaced buckets, so p50/p95 over any set of days and agents is a sum of
// bounded rows instead of a scan of every run. Eight buckets per doubling: bucket b >= 1 holds durations in
// [2^((b-1)/8), 2^(b/8)) ms, bucket 0 everything under 1 ms. A quantile is read as the geometric middle of the
// bucket holding the nearest-rank value, so it is within ±4.4% (2^(1/16) - 1) of the exact nearest-rank figure.
// 30 days of milliseconds need 250 buckets; anything longer lands in the last one.

const PER_DOUBLING = 8;
export const MAX_BUCKET = 256;

/** The bucket a duration in milliseconds falls in. */
export function durationBucket(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(MAX_BUCKET, 1 + Math.floor(PER_DOUBLING * Math.log2(ms)));
}

/** Lower and upper edge of a bucket, in milliseconds. */
export const bucketBounds = (bucket: number): [number, number] =>
  bucket <= 0 ? [0, 1] : [2 ** ((bucket - 1) / PER_DOUBLING), 2 ** (bucket / PER_DOUBLING)];

/** The value a bucket stands for: its geometric middle (0.5 ms for bucket 0). */
export const bucketValue = (bucket: number): number => (bucket <= 0 ? 0.5 : 2 ** ((bucket - 0.5) / PER_DOUBLING));

/** The largest relative error of a quantile read from the buckets (durations of 1 ms and more). */
export const QUANTILE_RELATIVE_ERROR = 2 ** (1 / (2 * PER_DOUBLING)) - 1;

/**
 * The nearest-rank quantile q (0..1] of the counted durations, in ms (rounded to a microsecond); null when empty.
 * @example quantileOf([{ bucket: 80, runs: 3 }], 0.95)
 */
export function quantileOf(counts: readonly { bucket: number; runs: number }[], q: number): number | null {
  const sorted = [...counts].filter((c) => c.runs > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, c) => sum + c.runs, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const c of sorted) {
    seen += c.runs;
    if (seen >= rank) return Math.round(bucketValue(c.bucket) * 1000) / 1000;
  }
  return null;
}
