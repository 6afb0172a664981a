import { z } from "zod";
import { defineBlock } from "../contract";
import { AICredentialsField, loadCredential, maxTokensField, modelField, ollamaHostField } from "../llm/fields";
import { structuredResponse } from "../llm/structured";
import { fakeModelContext } from "./test-model";

/** AutoGPT's AIConversationBlock: answers the next turn of a message list. */
export const aiConversationBlock = defineBlock({
  id: "32a87eab-381e-4dd4-bdb8-4c47151be35a",
  name: "AIConversationBlock",
  description:
    "A block that facilitates multi-turn conversations with a Large Language Model (LLM), maintaining context across message exchanges.",
  categories: ["AI"],
  input: z.object({
    prompt: z.string().default("").describe("The prompt to send to the language model."),
    messages: z.array(z.unknown()).describe("List of messages in the conversation."),
    model: modelField("The language model to use for the conversation."),
    credentials: AICredentialsField,
    max_tokens: maxTokensField,
    ollama_host: ollamaHostField,
  }),
  output: z.object({
    response: z.string().describe("The model's response to the conversation."),
    prompt: z.array(z.unknown()).describe("The prompt sent to the language model."),
  }),
  async *run(input, ctx) {
    const hasMessages = input.messages.some(
      (m) =>
        typeof m === "object" &&
        m !== null &&
        typeof (m as { content?: unknown }).content === "string" &&
        (m as { content: string }).content.trim() !== "",
    );
    if (!hasMessages && !input.prompt.trim()) {
      throw new Error(
        "Cannot call LLM with no messages and no prompt. Provide at least one message or a non-empty prompt.",
      );
    }
    const result = await structuredResponse(ctx, {
      prompt: input.prompt,
      expectedFormat: {},
      model: input.model,
      credential: await loadCredential(ctx, input.credentials),
      conversationHistory: input.messages,
      maxTokens: input.max_tokens,
      ollamaHost: input.ollama_host,
      stream: true,
    });
    yield ["response", (result.response as { response: string }).response];
    yield ["prompt", result.prompt];
  },
  tests: [
    {
      input: {
        messages: [
          { role: "system", content: "You are a helpful assistant." },
          { role: "user", content: "Who won the world series in 2020?" },
          { role: "assistant", content: "The Los Angeles Dodgers won the World Series in 2020." },
          { role: "user", content: "Where was it played?" },
        ],
        model: "gpt-4o",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
      },
      ctx: fakeModelContext(["The 2020 World Series was played at Globe Life Field in Arlington, Texas."]),
      expect: [
        ["response", "The 2020 World Series was played at Globe Life Field in Arlington, Texas."],
        ["prompt", (v: unknown) => Array.isArray(v) && v.length === 4],
      ],
    },
  ],
});
