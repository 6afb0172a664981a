import { z } from "zod";
import { defineBlock } from "../contract";
import { AICredentialsField, loadCredential, maxTokensField, modelField, ollamaHostField } from "../llm/fields";
import { structuredResponse, trimPrompt } from "../llm/structured";
import { fakeModelContext } from "./test-model";

const SYSTEM_PROMPT = trimPrompt(`
        |You are a JSON array generator. Your task is to generate a JSON array of string values based on the user's prompt.
        |
        |The 'list' field should contain a JSON array with the generated string values.
        |The array can contain ONLY strings.
        |
        |Valid JSON array formats include:
        |• ["string1", "string2", "string3"]
        |
        |Ensure you provide a proper JSON array with only string values in the 'list' field.
        `);

/** AutoGPT's AIListGeneratorBlock: a list of strings, yielded whole and item by item. */
export const aiListGeneratorBlock = defineBlock({
  id: "9c0b0450-d199-458b-a731-072189dd6593",
  name: "AIListGeneratorBlock",
  description:
    "A block that creates lists of items based on prompts using a Large Language Model (LLM), with optional source data for context.",
  categories: ["AI", "TEXT"],
  input: z.object({
    focus: z.string().nullish().describe("The focus of the list to generate."),
    source_data: z.string().nullish().describe("The data to generate the list from."),
    model: modelField("The language model to use for generating the list."),
    credentials: AICredentialsField,
    max_retries: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(3)
      .describe("Maximum number of retries for generating a valid list."),
    force_json_output: z
      .boolean()
      .default(false)
      .describe(
        "Whether to force the LLM to produce a JSON-only response. This can increase the block's reliability, but may also reduce the quality of the response because it prohibits the LLM from reasoning before providing its JSON response.",
      ),
    max_tokens: maxTokensField,
    ollama_host: ollamaHostField,
  }),
  output: z.object({
    generated_list: z.array(z.string()).describe("The generated list."),
    list_item: z.string().describe("Each individual item in the list."),
    prompt: z.array(z.unknown()).describe("The prompt sent to the language model."),
  }),
  async *run(input, ctx) {
    let expected: Record<string, string> = { list: "A JSON array containing the generated string values" };
    if (input.force_json_output) expected = { reasoning: "... (optional)", ...expected };
    let prompt = input.focus
      ? `Generate a list with the following focus:\n<focus>\n\n${input.focus}</focus>`
      : input.source_data
        ? "Extract the main focus of the source data to a list.\ni.e if the source data is a news website, the focus would be the news stories rather than the social links in the footer."
        : "Generate a random list.";
    prompt += input.source_data
      ? `\n\nUse the following source data to generate the list from:\n\n<source_data>\n\n${input.source_data}</source_data>\n\nDo not invent fictional data that is not present in the source data.`
      : "\n\nInvent the data to generate the list from.";
    const result = await structuredResponse(ctx, {
      sysPrompt: SYSTEM_PROMPT,
      prompt,
      model: input.model,
      credential: await loadCredential(ctx, input.credentials),
      expectedFormat: expected,
      forceJsonOutput: input.force_json_output,
      retry: input.max_retries,
      maxTokens: input.max_tokens,
      ollamaHost: input.ollama_host,
    });
    const obj = result.response;
    const list =
      obj && typeof obj === "object" && !Array.isArray(obj) && "list" in obj ? (obj as { list: unknown }).list : obj;
    if (!Array.isArray(list)) throw new Error(`Expected a list, but got ${typeof list}: ${JSON.stringify(list)}`);
    const items = list.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
    yield ["generated_list", items];
    yield ["prompt", result.prompt];
    for (const item of items) yield ["list_item", item];
  },
  tests: [
    {
      input: {
        focus: "planets",
        source_data: "Zylora Prime is a glowing jungle world, while Kharon-9 is a harsh desert planet.",
        model: "gpt-4o",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
      },
      ctx: fakeModelContext([
        (req) => `<json_output id="${req.tagId}">{"list": ["Zylora Prime", "Kharon-9"]}</json_output>`,
      ]),
      expect: [
        ["generated_list", ["Zylora Prime", "Kharon-9"]],
        ["prompt", (v: unknown) => Array.isArray(v)],
        ["list_item", "Zylora Prime"],
        ["list_item", "Kharon-9"],
      ],
    },
  ],
});
