declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** Base URL of the fake model server (test/fakes/model-server.mjs). */
    FAKE_MODEL_SERVER: string;
    /** Base URL of the fake MCP server (test/fakes/mcp-server.mjs), on OUTBOUND_ALLOW_HOSTS. */
    FAKE_MCP_SERVER: string;
    FAKE_RECEIVER: string;
    /** A host name of this machine that resolves to loopback (vitest.config.ts). */
    TEST_LOOPBACK_NAME: string;
  }
}
