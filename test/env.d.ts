declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** A host name of this machine that resolves to loopback (vitest.config.ts). */
    TEST_LOOPBACK_NAME: string;
  }
}
