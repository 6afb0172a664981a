// A block's credentials input, declared as AutoGPT's CredentialsField: the pin takes `{id, provider, type,
// title}` (never a secret) and its JSON Schema carries `credentials_provider`, `credentials_types` and, for
// fields whose provider depends on another input (LLM blocks: `model`), `discriminator` +
// `discriminator_mapping`. The graph merges these into `credentials_input_schema` (graph/credentials-inputs.ts)
// and the run binds each node's field before it starts; the block then calls `ctx.credentials.get(id)`.
import { z } from "zod";

export type CredentialsFieldOptions = {
  providers: readonly [string, ...string[]];
  types: readonly [string, ...string[]];
  description?: string;
  /**
   * Another input whose value picks the provider (`model`), with the value → provider table; without a table
   * (SendAuthenticatedWebRequest's `url`) it only tells the editor which input the credential goes with.
   */
  discriminator?: { field: string; mapping?: Readonly<Record<string, string>> };
};

/**
 * @example
 * input: z.object({ credentials: credentialsField({ providers: ["jina"], types: ["api_key"] }), query: z.string() })
 * // in run: const cred = await ctx.credentials.get(input.credentials.id)
 */
export function credentialsField(options: CredentialsFieldOptions) {
  const [provider, ...moreProviders] = options.providers;
  const [type, ...moreTypes] = options.types;
  return z
    .object({
      id: z.string().meta({ title: "Id" }),
      title: z.string().nullish().meta({ title: "Title" }),
      provider: (moreProviders.length === 0 ? z.literal(provider) : z.enum(options.providers)).meta({
        title: "Provider",
      }),
      type: (moreTypes.length === 0 ? z.literal(type) : z.enum(options.types)).meta({ title: "Type" }),
    })
    .meta({
      title: "Credentials",
      description: options.description ?? `Credentials for ${options.providers.join(" / ")}`,
      credentials_provider: [...options.providers],
      credentials_types: [...options.types],
      ...(options.discriminator
        ? {
            discriminator: options.discriminator.field,
            ...(options.discriminator.mapping ? { discriminator_mapping: { ...options.discriminator.mapping } } : {}),
          }
        : {}),
    });
}

/** The value a credentials pin holds at run time. */
export type CredentialsMetaValue = { id: string; provider: string; type: string; title?: string | null };
