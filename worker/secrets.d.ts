// Secrets are not in wrangler.toml (set with `wrangler secret put`, or .dev.vars locally), so `wrangler types`
// cannot see them; they are declared here.
interface __AgentflareSecrets {
  /** HS256 key for session JWTs. */
  JWT_SECRET: string;
  /** Optional external identity provider (JWKS) for tokens such as Supabase's. */
  JWKS_URL?: string;
  JWKS_ISSUER?: string;
  JWKS_AUDIENCE?: string;
  /** AES-GCM key (base64, 32 bytes) for the credentials vault. */
  CREDENTIALS_KEY?: string;
  /** Older vault keys (comma-separated base64), still decrypting until `npm run credentials:rotate` re-encrypts. */
  CREDENTIALS_KEY_PREVIOUS?: string;
  /** Bearer token a Prometheus scraper presents on GET /api/v1/metrics (unset: admins only). */
  METRICS_TOKEN?: string;
}
interface Env extends __AgentflareSecrets {}
declare namespace Cloudflare {
  interface Env extends __AgentflareSecrets {}
}
