// A BlockContext for tests and test vectors: in-memory files and key-values, a fixed clock, and a
// fetch that refuses every call unless the vector supplies one (tests never reach outside hosts).
import type { BlockContext, BlockLogger, Json, StoredFile } from "../contract";

/** The instant `ctx.now()` returns in tests: 2025-03-19T14:30:45.123Z (a Wednesday). */
export const TEST_NOW = new Date("2025-03-19T14:30:45.123Z");

export const TEST_IDS = {
  userId: "00000000-0000-4000-8000-000000000001",
  graphId: "00000000-0000-4000-8000-000000000002",
  graphVersion: 1,
  graphExecId: "00000000-0000-4000-8000-000000000003",
  nodeId: "00000000-0000-4000-8000-000000000004",
  nodeExecId: "00000000-0000-4000-8000-000000000005",
} as const;

export type TestContext = BlockContext & {
  /** What the block stored, for assertions: key-values by `scope:key`, files by uri, log lines. */
  recorded: {
    kv: Map<string, Json>;
    files: Map<string, { data: Uint8Array; contentType: string; name: string }>;
    logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  };
};

/** URIs of files the fake store holds; the real store (R2) uses its own scheme. */
export const TEST_FILE_SCHEME = "memory://";

/**
 * Builds a fresh fake ctx; `overrides` (a test vector's `ctx`) replace whole members.
 *
 * @example
 * const ctx = createTestContext({ fetch: async () => new Response("ok") });
 */
export function createTestContext(overrides: Partial<BlockContext> = {}): TestContext {
  const kv = new Map<string, Json>();
  const files = new Map<string, { data: Uint8Array; contentType: string; name: string }>();
  const logs: TestContext["recorded"]["logs"] = [];
  let fileCounter = 0;
  const log =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      logs.push({ level, message, fields });
    };
  const logger: BlockLogger = { info: log("info"), warn: log("warn"), error: log("error") };

  const ctx: TestContext = {
    ids: { ...TEST_IDS },
    fetch: async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      throw new Error(`Network access is not allowed in block tests (fetch ${url}); supply ctx.fetch in the vector`);
    },
    files: {
      async put(name, data, contentType = "application/octet-stream"): Promise<StoredFile> {
        const bytes = typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data);
        fileCounter += 1;
        const uri = `${TEST_FILE_SCHEME}${TEST_IDS.graphExecId}/${fileCounter}/${name}`;
        files.set(uri, { data: bytes, contentType, name });
        return { uri, name, contentType, size: bytes.byteLength };
      },
      async get(uri) {
        return files.get(uri) ?? null;
      },
    },
    kv: {
      async get(scope, key) {
        return kv.get(`${scope}:${key}`);
      },
      async set(scope, key, value) {
        kv.set(`${scope}:${key}`, value);
      },
    },
    credentials: { get: async () => null },
    logger,
    signal: new AbortController().signal,
    timezone: "UTC",
    now: () => new Date(TEST_NOW),
    recorded: { kv, files, logs },
    ...overrides,
  };
  return ctx;
}
