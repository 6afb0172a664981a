// What the AI SDK hands back, in the shapes the blocks use: the same for the plain and the streamed call.
import { APICallError } from "ai";
import type { ToolCallInfo } from "./messages";

type SdkToolCall = { toolCallId: string; toolName: string; input: unknown; invalid?: boolean };

/**
 * The model's tool calls, their arguments as JSON text. Arguments the SDK could not parse stay the model's own text
 * (the SDK hands that text as `input`): re-serialised they would read as a JSON string, and SmartDecisionMaker would
 * report missing parameters instead of invalid JSON.
 */
export function toolCallInfos(calls: readonly SdkToolCall[]): ToolCallInfo[] {
  return calls.map((c) => ({
    id: c.toolCallId,
    name: c.toolName,
    arguments: c.invalid && typeof c.input === "string" ? c.input : JSON.stringify(c.input ?? {}),
  }));
}

/**
 * The failure of a streamed call whose 200 held no event stream (a body that is not JSON, or a plain completion
 * from a server that does not stream): the SDK reads that as an empty stream, no text, no tool call and no finish
 * reason. An APICallError of status 200, as the plain call fails a body it cannot parse.
 */
export function noStreamError(headers: Record<string, string> | undefined): APICallError {
  const type = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "content-type")?.[1];
  return new APICallError({
    message: `The answer to a streamed request was no stream${type ? ` (content-type ${type})` : ""}: no text, no tool call and no finish reason`,
    // The SDK's answer does not say which URL it came from; the user-facing message does not need it.
    url: "",
    requestBodyValues: undefined,
    statusCode: 200,
    responseHeaders: headers,
  });
}
