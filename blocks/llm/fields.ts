// The input fields every AI block shares, declared once: the model picker, the credentials field (AutoGPT's
// AICredentialsField: `{id, provider, type, title}`), prompt values and the Ollama host.
import { z } from "zod";
import { type BlockContext, NonRetryableError } from "../contract";
import { credentialsField } from "../runtime/credentials-field";
import { renderTemplate } from "../runtime/template";
import { DEFAULT_MODEL, MODEL_METADATA, MODELS } from "./models";
import type { ResolvedCredential } from "./provider";

export const LLM_PROVIDERS = ["anthropic", "ollama", "openai", "openai_compatible"] as const;

/** AutoGPT's AICredentialsField: one of the LLM providers' keys, the provider picked by `model`. */
export const AICredentialsField = credentialsField({
  providers: LLM_PROVIDERS,
  types: ["api_key"],
  description: "API key for the LLM provider.",
  discriminator: {
    field: "model",
    mapping: Object.fromEntries(Object.entries(MODELS).map(([name, info]) => [name, info.provider])),
  },
});
export type AICredentialsInput = z.infer<typeof AICredentialsField>;

/** An `LlmModel` value. Kept a string (not an enum) so agents naming newer models still import; checked at run. */
export const modelField = (description: string) =>
  z.string().default(DEFAULT_MODEL).meta({
    title: "LLM Model",
    description,
    llm_model: true,
    llm_model_metadata: MODEL_METADATA,
  });

export const promptValuesField = z
  .record(z.string(), z.unknown())
  .default({})
  .describe(
    "Values used to fill in the prompt. The values can be used in the prompt by putting them in a double curly braces, e.g. {{variable_name}}.",
  );

export const ollamaHostField = z.string().default("localhost:11434").describe("Ollama host for local  models");

export const maxTokensField = z
  .number()
  .int()
  .positive()
  .nullish()
  .describe("The maximum number of tokens to generate in the chat completion.");

/** The credential a node names, from the vault (its owner's only); null when the node names none. */
export async function loadCredential(
  ctx: BlockContext,
  input: AICredentialsInput | undefined,
): Promise<ResolvedCredential | null> {
  if (!input?.id) return null;
  const found = await ctx.credentials.get(input.id);
  if (!found) throw new NonRetryableError(`Credential ${input.id} was not found: pick or add one in Credentials`);
  return found;
}

/** AutoGPT's fmt.format_string: `{{NAME}}` filled from prompt_values (non-text values as JSON). */
export function fillPrompt(template: string, values: Record<string, unknown>): string {
  if (!template || Object.keys(values).length === 0) return template;
  const text: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) text[k] = typeof v === "string" ? v : JSON.stringify(v);
  return renderTemplate(template, text);
}
