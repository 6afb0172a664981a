import { z } from "zod";
import { defineBlock } from "../contract";
import { llmCall } from "../llm/call";
import { AICredentialsField, loadCredential, modelField } from "../llm/fields";
import { modelInfo } from "../llm/models";
import { fakeModelContext } from "./test-model";

/** A true/false answer fits in this many output tokens (OpenAI's minimum). */
const MIN_LLM_OUTPUT_TOKENS = 16;

/**
 * The budget of a reasoning model (o-series, gpt-5): its hidden reasoning comes out of the same max_completion_tokens,
 * so AutoGPT's 16 leave it an empty answer every time. At low effort a yes/no usually takes a few hundred reasoning
 * tokens; 4096 also leaves room for o1-mini, which cannot be told to think less. Only tokens used are billed: the cap
 * bounds a runaway (at most about $0.25 on o1), not the usual cost.
 */
const REASONING_OUTPUT_TOKENS = 4096;

/** AutoGPT's _parse_boolean_response: exact true/false, else one unambiguous yes/no/1/0 word. */
export function parseBoolean(text: string): { result: boolean; error?: string } {
  const t = text.trim().toLowerCase();
  if (t === "true") return { result: true };
  if (t === "false") return { result: false };
  const tokens = new Set(t.match(/\b(true|false|yes|no|1|0)\b/g) ?? []);
  const only = tokens.size === 1 ? [...tokens][0] : undefined;
  if (only === "true" || only === "yes" || only === "1") return { result: true };
  if (only === "false" || only === "no" || only === "0") return { result: false };
  return { result: false, error: `Unclear AI response: '${text}'` };
}

/** AutoGPT's AIConditionBlock: a condition in plain English, judged by the model. */
export const aiConditionBlock = defineBlock({
  id: "553ec5b8-6c45-4299-8d75-b394d05f72ff",
  name: "AIConditionBlock",
  description: "Uses AI to evaluate natural language conditions and provide conditional outputs",
  categories: ["AI", "LOGIC"],
  blockType: "AI",
  input: z.object({
    input_value: z.unknown().describe("The input value to evaluate with the AI condition"),
    condition: z.string().describe("A plaintext English description of the condition to evaluate"),
    yes_value: z
      .unknown()
      .default(null)
      .describe("(Optional) Value to output if the condition is true. If not provided, input_value will be used."),
    no_value: z
      .unknown()
      .default(null)
      .describe("(Optional) Value to output if the condition is false. If not provided, input_value will be used."),
    model: modelField("The language model to use for evaluating the condition."),
    credentials: AICredentialsField,
  }),
  output: z.object({
    result: z.boolean().describe("The result of the AI condition evaluation (True or False)"),
    yes_output: z.unknown().describe("The output value if the condition is true"),
    no_output: z.unknown().describe("The output value if the condition is false"),
  }),
  async *run(input, ctx) {
    const yes = input.yes_value ?? input.input_value;
    const no = input.no_value ?? input.input_value;
    const value = typeof input.input_value === "string" ? input.input_value : JSON.stringify(input.input_value);
    const answer = await llmCall(ctx, {
      model: input.model,
      credential: await loadCredential(ctx, input.credentials),
      ollamaHost: "localhost:11434",
      maxTokens: modelInfo(input.model)?.reasoning ? REASONING_OUTPUT_TOKENS : MIN_LLM_OUTPUT_TOKENS,
      // A yes/no needs little thought; fewer reasoning tokens answer sooner and cost less.
      reasoningEffort: "low",
      prompt: [
        {
          role: "system",
          content:
            "You are an AI assistant that evaluates conditions based on input data. You must respond with only 'true' or 'false' (lowercase) to indicate whether the given condition is met by the input value. Be accurate and consider the context and meaning of both the input and the condition.",
        },
        {
          role: "user",
          content: `Input value: ${value}\nCondition to evaluate: ${input.condition}\n\nDoes the input value satisfy the condition? Respond with only 'true' or 'false'.`,
        },
      ],
    });
    const { result, error } = parseBoolean(answer.text);
    // AutoGPT yields the doubt on `error` and still answers; here an error pin ends the node, so it comes last.
    yield ["result", result];
    if (result) yield ["yes_output", yes];
    else yield ["no_output", no];
    if (error) yield ["error", error];
  },
  tests: [
    {
      input: {
        input_value: "john@example.com",
        condition: "the input is an email address",
        yes_value: "Valid email",
        no_value: "Not an email",
        model: "gpt-4o",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
      },
      ctx: fakeModelContext(["true"]),
      expect: [
        ["result", true],
        ["yes_output", "Valid email"],
      ],
    },
    {
      name: "a reasoning model gets room to think, at low effort",
      input: {
        input_value: 42,
        condition: "the input is a number",
        model: "o3-mini",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
      },
      // OpenAI would answer "" (finish "length") with 16 tokens: the fake answers only a budget that fits reasoning.
      ctx: fakeModelContext([
        ({ body }) => (body.reasoning_effort === "low" && Number(body.max_completion_tokens) >= 1024 ? "true" : ""),
      ]),
      expect: [
        ["result", true],
        ["yes_output", 42],
      ],
    },
  ],
});
