// One model call's bounds: its time budget (MODEL_CALL_TIMEOUT_MS) fails it with a retryable "timed out", and the
// node's own cancellation ends it with the node's reason, against a provider that never answers. And a streamed call
// (someone watches the text) answers exactly what the plain call answers: text, tool calls, tokens, finish reason.
import { describe, expect, it, vi } from "vitest";
import { type BlockContext, NonRetryableError, RetryableError } from "../contract";
import { llmCall, ModelOutputBudgetError } from "./call";

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

/** A ctx whose OpenAI endpoint answers text and one tool call, as SSE when asked to stream; `texts` gets the live text. */
function answeringProvider(texts: string[]): BlockContext {
  const base = { id: "c1", created: 1, model: "gpt-4o-mini" };
  const toolCall = { id: "call_1", type: "function", function: { name: "add", arguments: '{"a":1,"b":2}' } };
  const usage = { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 };
  const answer = async (_input: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { stream?: boolean };
    if (!body.stream) {
      const message = { role: "assistant", content: "Hello", tool_calls: [toolCall] };
      return Response.json({
        ...base,
        object: "chat.completion",
        choices: [{ index: 0, message, finish_reason: "tool_calls" }],
        usage,
      });
    }
    const chunk = (delta: object, finish_reason: string | null = null) =>
      `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason }] })}\n\n`;
    const sse = [
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hel" }),
      chunk({ content: "lo" }),
      chunk({ tool_calls: [{ index: 0, ...toolCall }] }),
      chunk({}, "tool_calls"),
      `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [], usage })}\n\n`,
      "data: [DONE]\n\n",
    ].join("");
    return new Response(sse, { headers: { "content-type": "text/event-stream" } });
  };
  return {
    signal: new AbortController().signal,
    fetch: answer,
    models: {
      endpoints: { openaiBaseUrl: "https://fake-openai.test/v1" },
      operatorFetch: answer,
      recordUsage() {},
      onText: (text: string) => texts.push(text),
      textListening: () => true,
      limits: {},
    },
  } as unknown as BlockContext;
}

describe("llmCall streamed", () => {
  it("answers what the plain call answers, and hands out the text as it comes", async () => {
    const tools = [
      {
        name: "add",
        description: "Adds two numbers",
        parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } },
      },
    ];
    const texts: string[] = [];
    const plain = await llmCall(answeringProvider([]), { ...request, tools });
    const streamed = await llmCall(answeringProvider(texts), { ...request, tools, stream: true });
    expect(plain).toMatchObject({
      text: "Hello",
      toolCalls: [{ id: "call_1", name: "add", arguments: '{"a":1,"b":2}' }],
      inputTokens: 5,
      outputTokens: 7,
      finishReason: "tool-calls",
    });
    expect(streamed).toEqual(plain);
    expect(texts).toEqual(["Hel", "Hello"]);
  });

  it("a refused streamed call fails with the provider's reason and prints nothing (the AI SDK's default dumps it)", async () => {
    const refuse = async () =>
      Response.json({ error: { message: "Bad request for key Bearer sk-test" } }, { status: 400 });
    const ctx = answeringProvider([]);
    const models = { ...ctx.models, operatorFetch: refuse } as BlockContext["models"];
    const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const err = await llmCall({ ...ctx, fetch: refuse, models }, { ...request, stream: true }).catch((e) => e);
      expect(err).toBeInstanceOf(NonRetryableError);
      expect((err as Error).message).toBe("openai refused the request (400): Bad request for key Bearer sk-test");
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });
});

/** A ctx whose OpenAI and Anthropic endpoints record each request body and answer "ok". */
function recordingProvider(bodies: Record<string, unknown>[]): BlockContext {
  const answer = async (input: string | URL | Request, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
    if (String(input).includes("anthropic")) {
      return Response.json({
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-6",
        content: [{ type: "text", text: "ok" }],
        stop_reason: "end_turn",
        usage: { input_tokens: 1, output_tokens: 1 },
      });
    }
    const message = { role: "assistant", content: "ok" };
    return Response.json({
      id: "c1",
      created: 1,
      model: "m",
      object: "chat.completion",
      choices: [{ index: 0, message, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  };
  return {
    signal: new AbortController().signal,
    fetch: answer,
    models: {
      endpoints: { openaiBaseUrl: "https://fake-openai.test/v1", anthropicBaseUrl: "https://fake-anthropic.test/v1" },
      operatorFetch: answer,
      recordUsage() {},
      limits: {},
    },
  } as unknown as BlockContext;
}

describe("llmCall parallel tool calls (SmartDecisionMaker's multiple_tool_calls)", () => {
  const tools = [{ name: "add", description: "Adds", parameters: { type: "object", properties: {} } }];
  const anthropic = {
    ...request,
    model: "claude-sonnet-4-6",
    credential: { ...request.credential, provider: "anthropic" },
  };

  it("asks OpenAI and Anthropic for at most one tool call when parallel calls are off", async () => {
    const bodies: Record<string, unknown>[] = [];
    await llmCall(recordingProvider(bodies), { ...request, tools, parallelToolCalls: false });
    await llmCall(recordingProvider(bodies), { ...anthropic, tools, parallelToolCalls: false });
    expect(bodies[0]?.parallel_tool_calls).toBe(false);
    expect(bodies[1]?.tool_choice).toMatchObject({ disable_parallel_tool_use: true });
  });

  it("allows them when asked, and leaves o-series models (which refuse the parameter) alone", async () => {
    const bodies: Record<string, unknown>[] = [];
    await llmCall(recordingProvider(bodies), { ...request, tools, parallelToolCalls: true });
    await llmCall(recordingProvider(bodies), { ...request, model: "o3-mini", tools, parallelToolCalls: false });
    await llmCall(recordingProvider(bodies), { ...request, parallelToolCalls: false });
    expect(bodies[0]?.parallel_tool_calls).toBe(true);
    expect(bodies[1]).not.toHaveProperty("parallel_tool_calls");
    expect(bodies[2]).not.toHaveProperty("parallel_tool_calls");
  });
});

describe("llmCall and reasoning models", () => {
  it("sends reasoning_effort only to models that take it, beside other provider options", async () => {
    const bodies: Record<string, unknown>[] = [];
    const tools = [{ name: "add", description: "Adds", parameters: { type: "object", properties: {} } }];
    const low = { reasoningEffort: "low" as const, maxTokens: 4096 };
    await llmCall(recordingProvider(bodies), { ...request, ...low, model: "o3-mini" });
    await llmCall(recordingProvider(bodies), { ...request, ...low, model: "o1-mini" });
    await llmCall(recordingProvider(bodies), { ...request, ...low });
    await llmCall(recordingProvider(bodies), {
      ...request,
      ...low,
      model: "gpt-5-mini-2025-08-07",
      tools,
      parallelToolCalls: false,
    });
    expect(bodies[0]).toMatchObject({ reasoning_effort: "low", max_completion_tokens: 4096 });
    expect(bodies[1]).not.toHaveProperty("reasoning_effort");
    expect(bodies[2]).not.toHaveProperty("reasoning_effort");
    expect(bodies[3]).toMatchObject({ reasoning_effort: "low", parallel_tool_calls: false });
  });

  it("an empty answer cut at the output budget fails with what to do, not an empty text", async () => {
    const thinking = async () =>
      Response.json({
        id: "c1",
        created: 1,
        model: "o3-mini",
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: "" }, finish_reason: "length" }],
        usage: { prompt_tokens: 5, completion_tokens: 16, total_tokens: 21 },
      });
    const ctx = {
      signal: new AbortController().signal,
      fetch: thinking,
      models: {
        endpoints: { openaiBaseUrl: "https://fake-openai.test/v1" },
        operatorFetch: thinking,
        recordUsage() {},
        limits: {},
      },
    } as unknown as BlockContext;
    const err = await llmCall(ctx, { ...request, model: "o3-mini", maxTokens: 16 }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelOutputBudgetError);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect((err as Error).message).toBe(
      "o3-mini used its whole output budget (16 tokens) before answering: its hidden reasoning counts against that " +
        "budget. Raise max_tokens, or pick a model that does not reason (e.g. gpt-4.1-mini).",
    );
  });
});

/** A ctx whose OpenAI endpoint answers `body` with status 200 and `contentType`, streamed request or not. */
function fixedProvider(body: string, contentType = "application/json", usage: unknown[] = []): BlockContext {
  const answer = async () => new Response(body, { headers: { "content-type": contentType } });
  return {
    signal: new AbortController().signal,
    fetch: answer,
    models: {
      endpoints: { openaiBaseUrl: "https://fake-openai.test/v1", anthropicBaseUrl: "https://fake-anthropic.test/v1" },
      operatorFetch: answer,
      recordUsage: (u: unknown) => usage.push(u),
      onText() {},
      textListening: () => true,
      limits: {},
    },
  } as unknown as BlockContext;
}

const completion = (message: object, finish_reason = "stop") =>
  JSON.stringify({
    id: "c1",
    created: 1,
    model: "gpt-4o-mini",
    object: "chat.completion",
    choices: [{ index: 0, message, finish_reason }],
    usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
  });

describe("llmCall on a 200 that is no answer", () => {
  it("fails a streamed call on a body that is not JSON as the plain call fails it, recording no use", async () => {
    const usage: unknown[] = [];
    const plain = await llmCall(fixedProvider("{not json at all", "application/json", usage), request).catch((e) => e);
    const streamed = await llmCall(fixedProvider("{not json at all", "application/json", usage), {
      ...request,
      stream: true,
    }).catch((e) => e);
    expect(plain).toBeInstanceOf(RetryableError);
    expect((plain as Error).message).toBe("openai failed (200): Invalid JSON response");
    expect(streamed).toBeInstanceOf(RetryableError);
    expect((streamed as Error).message).toMatch(/^openai failed \(200\): .*no stream/);
    expect(usage).toEqual([]);
    const claude = { model: "claude-sonnet-4-6", credential: { ...request.credential, provider: "anthropic" } };
    const anthropic = await llmCall(fixedProvider("{not json at all"), { ...request, ...claude, stream: true }).catch(
      (e) => e,
    );
    // Anthropic's provider itself reports a stream with no finish chunk (as it did before noStreamError).
    expect(anthropic).toBeInstanceOf(RetryableError);
    expect((anthropic as Error).message).toMatch(/^Model call to anthropic failed: .*without a finish chunk/);
  });

  it("fails, not answers empty, when a streamed request gets a plain JSON completion", async () => {
    const body = completion({ role: "assistant", content: "Hello" });
    const err = await llmCall(fixedProvider(body), { ...request, stream: true }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("application/json");
  });
});

describe("llmCall tool arguments", () => {
  it("hands on arguments that are not JSON as the model wrote them, streamed or not", async () => {
    const tools = [{ name: "add", description: "Adds", parameters: { type: "object", properties: {} } }];
    const call = { id: "call_1", type: "function", function: { name: "add", arguments: "{not valid json" } };
    const plain = await llmCall(
      fixedProvider(completion({ role: "assistant", content: null, tool_calls: [call] }, "tool_calls")),
      { ...request, tools },
    );
    const chunk = (delta: object, finish_reason: string | null = null) =>
      `data: ${JSON.stringify({ id: "c1", created: 1, model: "gpt-4o-mini", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason }] })}\n\n`;
    const sse = `${chunk({ role: "assistant", content: "" })}${chunk({ tool_calls: [{ index: 0, ...call }] })}${chunk({}, "tool_calls")}data: [DONE]\n\n`;
    const streamed = await llmCall(fixedProvider(sse, "text/event-stream"), { ...request, tools, stream: true });
    expect(plain.toolCalls).toEqual([{ id: "call_1", name: "add", arguments: "{not valid json" }]);
    expect(streamed.toolCalls).toEqual(plain.toolCalls);
  });
});
