// Conversations in AutoGPT's shape (OpenAI chat messages as plain JSON: role, content, tool_calls, tool_call_id;
// Anthropic's tool_use / tool_result content lists are read too) and their translation to the AI SDK's messages.
// Blocks keep and yield the AutoGPT shape, so `conversations` / `prompt` outputs look as they do in AutoGPT.
import type { ModelMessage } from "ai";

export type ChatMessage = Record<string, unknown> & { role: string };
export type ToolCallInfo = { id: string; name: string; arguments: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
      .filter(Boolean)
      .join("");
  }
  return content === undefined || content === null ? "" : JSON.stringify(content);
}

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return {};
  }
}

/** The tool calls an assistant message asks for (OpenAI `tool_calls` or Anthropic `tool_use` parts). */
export function toolCallsOf(message: ChatMessage): ToolCallInfo[] {
  if (message.role !== "assistant") return [];
  const calls: ToolCallInfo[] = [];
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      if (!isObject(call) || typeof call.id !== "string") continue;
      const fn = isObject(call.function) ? call.function : {};
      calls.push({
        id: call.id,
        name: String(fn.name ?? ""),
        arguments: typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
      });
    }
  }
  if (Array.isArray(message.content)) {
    for (const part of message.content) {
      if (isObject(part) && part.type === "tool_use" && typeof part.id === "string") {
        calls.push({ id: part.id, name: String(part.name ?? ""), arguments: JSON.stringify(part.input ?? {}) });
      }
    }
  }
  return calls;
}

/** The tool call ids a message answers (OpenAI `tool` messages or Anthropic `tool_result` parts). */
export function toolResultsOf(message: ChatMessage): { id: string; content: string }[] {
  if (message.role === "tool" && message.tool_call_id !== undefined) {
    return [{ id: String(message.tool_call_id), content: textOf(message.content) }];
  }
  if (message.role === "user" && Array.isArray(message.content)) {
    return message.content.flatMap((part) =>
      isObject(part) && part.type === "tool_result" && typeof part.tool_use_id === "string"
        ? [{ id: part.tool_use_id, content: textOf(part.content) }]
        : [],
    );
  }
  return [];
}

/** AutoGPT's get_pending_tool_calls: call ids asked for and not yet answered, with their count. */
export function pendingToolCalls(history: readonly ChatMessage[]): Map<string, number> {
  const pending = new Map<string, number>();
  for (const message of history) {
    for (const call of toolCallsOf(message)) pending.set(call.id, (pending.get(call.id) ?? 0) + 1);
    for (const result of toolResultsOf(message)) pending.set(result.id, (pending.get(result.id) ?? 0) - 1);
  }
  for (const [id, count] of pending) if (count <= 0) pending.delete(id);
  return pending;
}

/** A tool's answer as the next message (AutoGPT's _create_tool_response, OpenAI shape). */
export function toolResponse(callId: string, output: unknown): ChatMessage {
  return { role: "tool", tool_call_id: callId, content: typeof output === "string" ? output : JSON.stringify(output) };
}

/** Plain JSON messages from untrusted input: objects with a string role; anything else is dropped. */
export function asChatMessages(list: unknown): ChatMessage[] {
  if (!Array.isArray(list)) return [];
  return list.filter((m): m is ChatMessage => isObject(m) && typeof m.role === "string");
}

/**
 * The AI SDK prompt for an AutoGPT conversation: system messages joined into `system` (as AutoGPT does for
 * Anthropic), the rest translated in order.
 */
export function toModelPrompt(messages: readonly ChatMessage[]): { system?: string; messages: ModelMessage[] } {
  const systems: string[] = [];
  const out: ModelMessage[] = [];
  const names = new Map<string, string>();
  for (const message of messages) {
    const results = toolResultsOf(message);
    if (results.length > 0) {
      out.push({
        role: "tool",
        content: results.map((r) => ({
          type: "tool-result" as const,
          toolCallId: r.id,
          toolName: names.get(r.id) ?? "tool",
          output: { type: "text" as const, value: r.content },
        })),
      });
      continue;
    }
    switch (message.role) {
      case "system":
        systems.push(textOf(message.content));
        break;
      case "assistant": {
        const calls = toolCallsOf(message);
        const text = Array.isArray(message.content)
          ? message.content
              .map((p) => (isObject(p) && p.type === "text" && typeof p.text === "string" ? p.text : ""))
              .join("")
          : textOf(message.content);
        if (calls.length === 0) {
          out.push({ role: "assistant", content: text });
          break;
        }
        for (const call of calls) names.set(call.id, call.name);
        out.push({
          role: "assistant",
          content: [
            ...(text ? [{ type: "text" as const, text }] : []),
            ...calls.map((c) => ({
              type: "tool-call" as const,
              toolCallId: c.id,
              toolName: c.name,
              input: parseArgs(c.arguments),
            })),
          ],
        });
        break;
      }
      default:
        out.push({ role: "user", content: textOf(message.content) });
    }
  }
  const system = systems.filter((s) => s.trim()).join("\n\n");
  return system ? { system, messages: out } : { messages: out };
}

/** The assistant's answer in AutoGPT's (OpenAI) shape, for the conversation history. */
export function assistantMessage(text: string, calls: readonly ToolCallInfo[]): ChatMessage {
  if (calls.length === 0) return { role: "assistant", content: text };
  return {
    role: "assistant",
    content: text || null,
    tool_calls: calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })),
  };
}

/** Rough token estimate (4 characters a token), as AutoGPT's estimate_token_count for budgeting. */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) chars += textOf(m.content).length + 4;
  return Math.ceil(chars / 4);
}
