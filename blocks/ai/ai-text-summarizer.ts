import { z } from "zod";
import { type BlockContext, defineBlock } from "../contract";
import { AICredentialsField, loadCredential, modelField, ollamaHostField } from "../llm/fields";
import type { ChatMessage } from "../llm/messages";
import type { ResolvedCredential } from "../llm/provider";
import { structuredResponse } from "../llm/structured";
import { fakeModelContext } from "./test-model";

const Style = z.enum(["concise", "detailed", "bullet points", "numbered list"]);
/** AutoGPT's limits on what one summary may chew through. */
const MAX_TEXT_LENGTH = 1_000_000;
const MAX_CHUNKS = 100;
const MAX_DEPTH = 5;

/** AutoGPT's _split_text: word windows of `maxTokens` words, stepping `maxTokens - overlap`. */
export function splitText(text: string, maxTokens: number, overlap: number): string[] {
  const words = text.slice(0, MAX_TEXT_LENGTH).split(/\s+/).filter(Boolean);
  const step = Math.max(1, maxTokens - overlap);
  const chunks: string[] = [];
  for (let i = 0; i < words.length && chunks.length < MAX_CHUNKS; i += step) {
    chunks.push(words.slice(i, i + maxTokens).join(" "));
  }
  return chunks;
}

type Settings = {
  model: string;
  focus: string;
  style: string;
  max_tokens: number;
  chunk_overlap: number;
  ollama_host: string;
};

async function summarize(
  ctx: BlockContext,
  text: string,
  s: Settings,
  credential: ResolvedCredential | null,
  depth: number,
): Promise<{ summary: string; prompt: ChatMessage[] }> {
  const ask = async (prompt: string, key: string, description: string) => {
    const result = await structuredResponse(ctx, {
      prompt,
      expectedFormat: { [key]: description },
      model: s.model,
      credential,
      ollamaHost: s.ollama_host,
    });
    const value = (result.response as Record<string, unknown>)[key];
    if (typeof value !== "string") {
      throw new Error(
        `LLM generation failed: Expected a string ${key.replace("_", " ")}, but received ${Array.isArray(value) ? "list" : typeof value}. The language model incorrectly formatted its response. Received value: ${JSON.stringify(value).slice(0, 500)}`,
      );
    }
    return { value, prompt: result.prompt };
  };
  const summaries: string[] = [];
  for (const chunk of splitText(text, s.max_tokens, s.chunk_overlap)) {
    const { value } = await ask(
      `Summarize the following text in a ${s.style} form. Focus your summary on the topic of \`${s.focus}\` if present, otherwise just provide a general summary:\n\n\`\`\`${chunk}\`\`\``,
      "summary",
      "The summary of the given text.",
    );
    summaries.push(value);
  }
  const combined = summaries.join("\n\n");
  if (combined.split(/\s+/).filter(Boolean).length <= s.max_tokens || depth >= MAX_DEPTH) {
    const { value, prompt } = await ask(
      `Provide a final summary of the following section summaries in a ${s.style} form, focus your summary on the topic of \`${s.focus}\` if present:\n\n \`\`\`${combined}\`\`\`\n\n Just respond with the final_summary in the format specified.`,
      "final_summary",
      "The final summary of all provided summaries.",
    );
    return { summary: value, prompt };
  }
  return summarize(ctx, combined, s, credential, depth + 1);
}

/** AutoGPT's AITextSummarizerBlock: chunk summaries, then one final summary (recursing while still too long). */
export const aiTextSummarizerBlock = defineBlock({
  id: "a0a69be1-4528-491c-a85a-a4ab6873e3f0",
  name: "AITextSummarizerBlock",
  description:
    "A block that summarizes long texts using a Large Language Model (LLM), with configurable focus topics and summary styles.",
  categories: ["AI", "TEXT"],
  input: z.object({
    text: z.string().describe("The text to summarize."),
    model: modelField("The language model to use for summarizing the text."),
    focus: z.string().default("general information").describe("The topic to focus on in the summary"),
    style: Style.default("concise").describe("The style of the summary to generate."),
    credentials: AICredentialsField,
    max_tokens: z
      .number()
      .int()
      .min(1)
      .default(4096)
      .describe("The maximum number of tokens to generate in the chat completion."),
    chunk_overlap: z
      .number()
      .int()
      .min(0)
      .default(100)
      .describe("The number of overlapping tokens between chunks to maintain context."),
    ollama_host: ollamaHostField,
  }),
  output: z.object({
    summary: z.string().describe("The final summary of the text."),
    prompt: z.array(z.unknown()).describe("The prompt sent to the language model."),
  }),
  async *run(input, ctx) {
    const credential = await loadCredential(ctx, input.credentials);
    const { summary, prompt } = await summarize(ctx, input.text, input, credential, 0);
    yield ["summary", summary];
    yield ["prompt", prompt];
  },
  tests: [
    {
      name: "summarises each chunk, then the summaries",
      input: {
        text: "Lorem ipsum dolor sit amet ".repeat(10),
        max_tokens: 20,
        chunk_overlap: 5,
        model: "gpt-4o",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
      },
      ctx: fakeModelContext([
        (req) =>
          req.lastUser.startsWith("Provide a final summary")
            ? `<json_output id="${req.tagId}">{"final_summary": "Final summary of a long text"}</json_output>`
            : `<json_output id="${req.tagId}">{"summary": "Summary of a chunk"}</json_output>`,
      ]),
      expect: [
        ["summary", "Final summary of a long text"],
        ["prompt", (v: unknown) => Array.isArray(v)],
      ],
    },
  ],
});
