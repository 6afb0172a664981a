import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { startResolver } from "./scripts/dns-resolver.mjs";
import { startMcpServer } from "./test/fakes/mcp-server.mjs";
import { startModelServer } from "./test/fakes/model-server.mjs";
import { startReceiver } from "./test/fakes/receiver.mjs";

/** A name of this machine that resolves to loopback (the SSRF-by-name test uses it), else localhost. */
async function loopbackName(): Promise<string> {
  const name = hostname();
  const found = await lookup(name, { all: true }).catch(() => []);
  return found.length > 0 && found.every((a) => a.address.startsWith("127.") || a.address === "::1")
    ? name
    : "localhost";
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  // The fake model providers (real HTTP on 127.0.0.1): operator endpoints point at it, as a local model would.
  const models = await startModelServer();
  // A fake MCP server (real HTTP on 127.0.0.1): reachable only because the operator's allow list names it.
  const mcp = await startMcpServer();
  // A fake receiver of completion callbacks (real HTTP on 127.0.0.1), allowed the same way.
  const receiver = await startReceiver();
  // Local mode's name resolver for the SSRF guard, as `npm start` runs it.
  const resolver = await startResolver();
  return {
    plugins: [
      // The suite's test-only blocks join the one registry in place of the deployment's own (blocks/local).
      {
        name: "agentflare-test-blocks",
        enforce: "pre" as const,
        resolveId(source: string, importer: string | undefined) {
          if (source === "./local" && importer?.endsWith("/blocks/registry.ts")) {
            return path.resolve(import.meta.dirname, "test/blocks/index.ts");
          }
        },
      },
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            JWT_SECRET: "test-secret-0123456789abcdef0123456789abcdef",
            CREDENTIALS_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            LOG_LEVEL: "silent",
            // An editor on another origin (test/cors.test.ts, test/run-socket.test.ts).
            CORS_ORIGINS: "https://editor.example, https://second.example",
            OPENAI_BASE_URL: `${models.url}/v1`,
            ANTHROPIC_BASE_URL: `${models.url}/anthropic/v1`,
            OLLAMA_HOST: models.url,
            JINA_SEARCH_URL: `${models.url}/jina/search/`,
            JINA_READER_URL: `${models.url}/jina/reader/`,
            FAKE_MODEL_SERVER: models.url,
            FAKE_MCP_SERVER: mcp.url,
            FAKE_RECEIVER: receiver.url,
            // The fake MCP server's and receiver's host:port, as a self-hoster names LAN servers; their other
            // spellings are not.
            OUTBOUND_ALLOW_HOSTS: `127.0.0.1:${mcp.port}, 127.0.0.1:${receiver.port}`,
            SSRF_RESOLVER_URL: resolver.url,
            TEST_LOOPBACK_NAME: await loopbackName(),
            // Generous limits so suites that sign up many users are not throttled; the rate-limit tests pass
            // their own small limits.
            RATE_LIMIT_PER_MINUTE: "100000",
            AUTH_RATE_LIMIT_PER_MINUTE: "100000",
            // Small schedule limits so test/schedules.test.ts can reach them.
            SCHEDULE_MIN_INTERVAL_SECONDS: "120",
            SCHEDULES_PER_USER: "3",
            // External identity is on in tests; test/auth-jwks.test.ts serves this JWKS from a local key pair.
            JWKS_URL: "https://idp.example.test/.well-known/jwks.json",
            JWKS_ISSUER: "https://idp.example.test/",
            JWKS_AUDIENCE: "agentflare-test",
            // Monitoring (test/analytics.test.ts): the admin it signs up, and the Prometheus scraper's token.
            ADMIN_USERS: "ops@agentflare.test",
            METRICS_TOKEN: "test-metrics-token-0123456789",
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts", "{worker,durable-objects,blocks,graph,engine}/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 30_000,
      // One workerd for every file (not one per file): ~2 s of startup saved per file; tests use their own users.
      isolate: false,
    },
  };
});
