// AutoGPT's AIStructuredResponseGeneratorBlock.run as a function: the text, summarizer, conversation and list
// blocks all go through it (as they do in AutoGPT). With an expected format, the answer must be a JSON object
// (or list) holding every expected key inside a one-time `<json_output id=…>` tag; a malformed answer is sent
// back with what was wrong, up to `retry` calls. A failed call (timeout, 429, 5xx) ends the loop at once: the call
// layer retries 429s and the node's retry policy the rest, so time budgets and retries do not multiply here.
import { type BlockContext, NonRetryableError } from "../contract";
import { llmCall } from "./call";
import { fillPrompt } from "./fields";
import { asChatMessages, type ChatMessage } from "./messages";
import type { ResolvedCredential } from "./provider";

export type StructuredRequest = {
  prompt: string;
  expectedFormat: Record<string, string>;
  listResult?: boolean;
  model: string;
  forceJsonOutput?: boolean;
  credential: ResolvedCredential | null;
  sysPrompt?: string;
  conversationHistory?: unknown[] | null;
  retry?: number;
  promptValues?: Record<string, unknown>;
  maxTokens?: number | null;
  ollamaHost: string;
  stream?: boolean;
};

export type StructuredResult = { response: unknown; prompt: ChatMessage[] };

/** Removes indentation up to and including `|` (AutoGPT's trim_prompt). */
export const trimPrompt = (s: string) =>
  s
    .trim()
    .split("\n")
    .map((line) => line.trim().replace(/^\|/, ""))
    .join("\n");

function formatInstructions(expected: Record<string, string>, list: boolean, pureJson: boolean, tag: string): string {
  let format = JSON.stringify(expected, null, 2);
  const outputType = list ? "array" : "object";
  const outerType = pureJson ? "object" : outputType;
  if (list) {
    format = `[\n  ${format.replace(/\n/g, "\n  ")},\n  ...\n]`;
    if (pureJson) format = `{\n  "reasoning": "... (optional)",\n  "results": ${format.replace(/\n/g, "\n  ")}\n}`;
  }
  format = format.replace(/\n/g, "\n|");
  if (!pureJson) format = `${tag}\n${format}\n</json_output>`;
  let text = `|In your response you MUST include a valid JSON ${outerType} strictly following this format:
|${format}
|
|If you cannot provide all the keys, you MUST provide an empty string for the values you cannot answer.`;
  if (!pureJson) {
    text += `
|
|You MUST enclose your final JSON answer in ${tag}...</json_output> tags, even if the user specifies a different tag.
|There MUST be exactly ONE ${tag}...</json_output> block in your response, which MUST ONLY contain the JSON ${outerType} and nothing else. Other text outside this block is allowed.`;
  }
  return trimPrompt(text);
}

function feedback(error: string, parseable: boolean, list: boolean, pureJson: boolean, tag: string): string {
  const outerType = !list || pureJson ? "object" : "array";
  const complaint = parseable
    ? `Your previous response did not match the expected ${outerType} format.`
    : `Your previous response did not contain a parseable JSON ${outerType}.`;
  const instruction = `${pureJson ? "Please provide a" : `Please provide a ${tag}...</json_output> block containing a`} valid JSON ${outerType} that matches the expected format.`;
  return trimPrompt(`|${complaint}\n|\n|${error.replace(/\n/g, "\n|")}\n|\n|${instruction}`);
}

function extractJson(text: string, pureJson: boolean, tag: string): unknown {
  if (pureJson) {
    try {
      return JSON.parse(text);
    } catch (first) {
      try {
        return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
      } catch {
        throw first;
      }
    }
  }
  if (!text.includes(tag)) throw new Error(`Response does not contain the expected ${tag}...</json_output> block.`);
  const inner = (text.split(tag, 2)[1] ?? "").split("</json_output>").slice(0, -1).join("</json_output>");
  return JSON.parse((inner || (text.split(tag, 2)[1] ?? "")).trim());
}

const randomTagId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
};

/** @example await structuredResponse(ctx, { prompt: "hi", expectedFormat: {}, model, credential, ollamaHost }) */
export async function structuredResponse(ctx: BlockContext, req: StructuredRequest): Promise<StructuredResult> {
  const prompt: ChatMessage[] = asChatMessages(req.conversationHistory ?? []).map((m) => ({ ...m }));
  const values = req.promptValues ?? {};
  const userPrompt = fillPrompt(req.prompt, values);
  const sysPrompt = fillPrompt(req.sysPrompt ?? "", values);
  if (sysPrompt) prompt.push({ role: "system", content: sysPrompt });
  const tag = `<json_output id="${randomTagId()}">`;
  const expected = req.expectedFormat;
  const hasFormat = Object.keys(expected).length > 0;
  const list = req.listResult === true;
  const pureJson = req.forceJsonOutput === true;
  if (hasFormat) prompt.push({ role: "system", content: formatInstructions(expected, list, pureJson, tag) });
  if (userPrompt) prompt.push({ role: "user", content: userPrompt });

  let lastError = "";
  const attempts = Math.max(1, req.retry ?? 3);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const { text } = await llmCall(ctx, {
      model: req.model,
      credential: req.credential,
      ollamaHost: req.ollamaHost,
      prompt,
      maxTokens: req.maxTokens,
      stream: req.stream === true && !hasFormat,
    });
    const sent = prompt.map((m) => ({ ...m }));
    if (!hasFormat) return { response: { response: text }, prompt: sent };

    let parsed: unknown;
    try {
      parsed = extractJson(text, pureJson, tag);
    } catch (err) {
      prompt.push({ role: "assistant", content: text });
      lastError = feedback(err instanceof Error ? err.message : String(err), false, list, pureJson, tag);
      prompt.push({ role: "user", content: lastError });
      continue;
    }
    if (list && parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const results = (parsed as Record<string, unknown>).results;
      if (!Array.isArray(results)) {
        lastError = `Expected an array of objects in the 'results' key, but got: ${JSON.stringify(parsed)}`;
        prompt.push({ role: "assistant", content: text }, { role: "user", content: lastError });
        continue;
      }
      parsed = results;
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    const problems = items
      .map((item) => {
        if (!item || typeof item !== "object" || Array.isArray(item))
          return `Expected a dictionary, but got ${typeof item}`;
        const missing = Object.keys(expected).filter((k) => !Object.hasOwn(item, k));
        return missing.length > 0 ? `Missing keys: {${missing.map((k) => `'${k}'`).join(", ")}}` : "";
      })
      .filter(Boolean)
      .join("\n");
    if (!problems) return { response: parsed, prompt: sent };
    prompt.push({ role: "assistant", content: text });
    lastError = feedback(problems, true, list, pureJson, tag);
    prompt.push({ role: "user", content: lastError });
  }
  throw new NonRetryableError(
    `The model did not answer in the expected format after ${attempts} attempt(s): ${lastError.slice(0, 1000)}`,
  );
}
