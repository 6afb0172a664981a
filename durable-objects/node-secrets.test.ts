// Which strings a node's credential puts on the cut list, and that only what the block read is cut.
import { describe, expect, it } from "vitest";
import type { BlockContext, BlockLogger, ResolvedCredentials } from "../blocks/contract";
import { NodeSecrets, secretForms } from "./node-secrets";

const meta = { id: "c", provider: "http", title: "t" };

describe("secretForms", () => {
  it("an API key, also URL-encoded", () => {
    expect(secretForms({ ...meta, type: "api_key", secret: { api_key: "sk-1/2345" } })).toEqual([
      "sk-1/2345",
      "sk-1%2F2345",
    ]);
  });

  it("a password and its Basic auth form, not the username", () => {
    const cred: ResolvedCredentials = {
      ...meta,
      type: "user_password",
      secret: { username: "admin", password: "pw-9-long" },
    };
    expect(secretForms(cred)).toEqual(["pw-9-long", btoa("admin:pw-9-long")]);
  });

  it("a header value and the token after its auth scheme", () => {
    const cred: ResolvedCredentials = { ...meta, type: "host_scoped", secret: { Authorization: "Bearer tok-4242" } };
    expect(secretForms(cred)).toEqual(["Bearer tok-4242", "Bearer%20tok-4242", "tok-4242"]);
  });

  it("not the placeholder keys of local servers, nor other short or word-like values", () => {
    // Cut from model output they would change ordinary words: "Install [redacted], then run `[redacted] pull`".
    for (const api_key of ["ollama", "EMPTY", "none", "pw-9", "password", "lmstudio"]) {
      expect(secretForms({ ...meta, type: "api_key", secret: { api_key } }), api_key).toEqual([]);
    }
    expect(secretForms({ ...meta, type: "api_key", secret: { api_key: "correcthorsebatterystaple" } })).toEqual([
      "correcthorsebatterystaple",
    ]);
  });
});

describe("NodeSecrets", () => {
  it("cuts what the block read from the vault, in values and log lines, and nothing before it read", async () => {
    const logged: unknown[] = [];
    const logger: BlockLogger = {
      info: (m, f) => logged.push([m, f]),
      warn: () => undefined,
      error: () => undefined,
    };
    const ctx = {
      credentials: { get: async () => ({ ...meta, type: "api_key", secret: { api_key: "sk-secret" } }) },
      logger,
    } as unknown as BlockContext;
    const secrets = new NodeSecrets();
    const guarded = secrets.guard(ctx);
    expect(secrets.scrub("key sk-secret")).toBe("key sk-secret");
    await guarded.credentials.get("c");
    expect(secrets.scrub({ out: ["key sk-secret", 5] })).toEqual({ out: ["key [redacted]", 5] });
    guarded.logger.info("sent sk-secret", { header: "Bearer sk-secret" });
    expect(logged).toEqual([["sent [redacted]", { header: "Bearer [redacted]" }]]);
  });
});
