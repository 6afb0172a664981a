// Test vectors for AI blocks: a ctx whose operator endpoint is an in-process fake of OpenAI's chat completions API,
// answering with canned replies in order, so a vector runs the real AI SDK path without a server.
import type { BlockContext, ModelUsage } from "../contract";

export type FakeRequest = { body: Record<string, unknown>; tagId: string | undefined; lastUser: string };
export type FakeReply =
  | string
  | ((req: FakeRequest) => string)
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[] };

export const FAKE_CREDENTIAL = { id: "cred-openai", provider: "openai", type: "api_key", title: "Test key" };

/** A ctx answering model calls with `replies` in order; `usage` collects what the block recorded. */
export function fakeModelContext(replies: FakeReply[], usage: ModelUsage[] = []): Partial<BlockContext> {
  let n = 0;
  const answer = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = (await request.json()) as Record<string, unknown>;
    const messages = (body.messages ?? []) as { role: string; content: unknown }[];
    const text = JSON.stringify(messages);
    const tagId = /json_output id=\\"([0-9a-f]+)\\"/.exec(text)?.[1];
    const lastUser = String([...messages].reverse().find((m) => m.role === "user")?.content ?? "");
    const reply = replies[Math.min(n++, replies.length - 1)] as FakeReply;
    const message =
      typeof reply === "object"
        ? {
            role: "assistant",
            content: null,
            tool_calls: reply.toolCalls.map((c, i) => ({
              id: `call_${n}_${i}`,
              type: "function",
              function: { name: c.name, arguments: JSON.stringify(c.arguments) },
            })),
          }
        : { role: "assistant", content: typeof reply === "function" ? reply({ body, tagId, lastUser }) : reply };
    return Response.json({
      id: `chatcmpl-${n}`,
      object: "chat.completion",
      created: 1,
      model: String(body.model),
      choices: [{ index: 0, message, finish_reason: typeof reply === "object" ? "tool_calls" : "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });
  };
  return {
    credentials: {
      async get(id) {
        return id === FAKE_CREDENTIAL.id ? { ...FAKE_CREDENTIAL, secret: { api_key: "sk-test" } } : null;
      },
    },
    models: {
      endpoints: { openaiBaseUrl: "https://fake-openai.test/v1" },
      operatorFetch: answer,
      recordUsage: (u) => usage.push(u),
    },
  };
}
