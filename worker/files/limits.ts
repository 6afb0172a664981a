// Upload limits (FILES_MAX_BYTES, FILES_QUOTA_BYTES in wrangler.toml [vars] and the README's configuration table).
export type FileLimits = { maxBytes: number; quotaBytes: number };

const read = (value: unknown, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

export const fileLimits = (env: Env): FileLimits => ({
  maxBytes: read(env.FILES_MAX_BYTES, 10 * 1024 * 1024),
  quotaBytes: read(env.FILES_QUOTA_BYTES, 100 * 1024 * 1024),
});
