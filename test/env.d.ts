declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** Base URL of the fake model server (test/fakes/model-server.mjs). */
    FAKE_MODEL_SERVER: string;
    /** A host name of this machine that resolves to loopback (vitest.config.ts). */
    TEST_LOOPBACK_NAME: string;
  }
}
