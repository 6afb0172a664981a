// One model call's bounds: its time budget (MODEL_CALL_TIMEOUT_MS) fails it with a retryable "timed out", and the
// node's own cancellation ends it with the node's reason, against a provider that never answers.
import { describe, expect, it } from "vitest";
import { type BlockContext, RetryableError } from "../contract";
import { llmCall } from "./call";

/** A ctx whose OpenAI endpoint accepts the request and never answers (until the request is aborted). */
function silentProvider(signal: AbortSignal, callTimeoutMs: number): BlockContext {
  const hang = (_input: string | URL | Request, init?: RequestInit) =>
    new Promise<Response>((_, reject) => {
      const s = init?.signal;
      if (!s) return;
      s.addEventListener("abort", () => reject(s.reason), { once: true });
    });
  return {
    signal,
    fetch: hang,
    models: {
      endpoints: { openaiBaseUrl: "https://fake-openai.test/v1" },
      operatorFetch: hang,
      recordUsage() {},
      limits: { callTimeoutMs },
    },
  } as unknown as BlockContext;
}

const request = {
  model: "gpt-4o-mini",
  credential: { id: "c", provider: "openai", type: "api_key", secret: { api_key: "sk-test" } },
  ollamaHost: "localhost:11434",
  prompt: [{ role: "user" as const, content: "Hello" }],
};

describe("llmCall bounds", () => {
  it("fails a call past its time budget with a retryable timeout", async () => {
    const started = Date.now();
    const err = await llmCall(silentProvider(new AbortController().signal, 50), request).catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toBe("Model call to openai timed out after 0.05 s");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("ends with the node's own reason when the node is cancelled mid-call", async () => {
    const node = new AbortController();
    const call = llmCall(silentProvider(node.signal, 60_000), request).catch((e) => e);
    setTimeout(() => node.abort(new Error("run cancelled")), 20);
    expect(((await call) as Error).message).toBe("run cancelled");
  });
});
