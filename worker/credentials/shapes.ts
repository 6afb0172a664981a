// The credentials API's shapes (zod, so the OpenAPI document, the handlers and the tests agree). What a client
// sends carries secret fields; what it gets back never does.
import { z } from "@hono/zod-openapi";
import { PROVIDERS, SELF_HOSTED } from "./providers";

export { PROVIDERS, SELF_HOSTED } from "./providers";

export const Provider = z.enum(PROVIDERS);

export const CredentialType = z.enum(["api_key", "user_password", "host_scoped"]);

const Title = z.string().trim().min(1).max(200);
const Secret = z.string().min(1).max(8192);
const BaseUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .openapi({ example: "http://127.0.0.1:11434", description: "Endpoint of a self-hosted model server" });
/** A host name or a `*.domain` pattern; no scheme, path or port. */
const HostPattern = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/,
    "Expected a host such as api.example.com or *.example.com",
  )
  .openapi({ example: "api.example.com" });
const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid HTTP header name");
const Headers = z
  .record(HeaderName, z.string().max(8192))
  .refine((h) => Object.keys(h).length > 0 && Object.keys(h).length <= 20, "Give 1 to 20 headers")
  .openapi({ example: { Authorization: "Bearer …" } });

const ApiKeyCredential = z.object({
  type: z.literal("api_key"),
  provider: Provider,
  title: Title.optional(),
  api_key: Secret.optional().openapi({ description: "Required except for ollama and openai_compatible" }),
  base_url: BaseUrl.optional().openapi({ description: "ollama and openai_compatible only (required for the latter)" }),
});
const UserPasswordCredential = z.object({
  type: z.literal("user_password"),
  provider: Provider,
  title: Title.optional(),
  username: z.string().min(1).max(1024),
  password: Secret,
});
const HostScopedCredential = z.object({
  type: z.literal("host_scoped"),
  provider: Provider.default("http"),
  title: Title.optional(),
  host: HostPattern,
  headers: Headers,
});

export const NewCredential = z
  .discriminatedUnion("type", [ApiKeyCredential, UserPasswordCredential, HostScopedCredential])
  .superRefine((c, ctx) => {
    if (c.type !== "api_key") return;
    if (!c.api_key && !SELF_HOSTED.has(c.provider))
      ctx.addIssue({ code: "custom", path: ["api_key"], message: `An api_key is required for ${c.provider}` });
    if (c.base_url && !SELF_HOSTED.has(c.provider))
      ctx.addIssue({
        code: "custom",
        path: ["base_url"],
        message: "base_url is only for ollama and openai_compatible",
      });
    if (!c.base_url && c.provider === "openai_compatible")
      ctx.addIssue({ code: "custom", path: ["base_url"], message: "A base_url is required for openai_compatible" });
  })
  .openapi("NewCredential");
export type NewCredential = z.infer<typeof NewCredential>;

/** PATCH: a new title and/or new secret fields of the credential's own type (type and provider stay). */
export const CredentialPatch = z
  .object({
    title: Title.optional(),
    api_key: Secret.optional(),
    base_url: BaseUrl.optional(),
    username: z.string().min(1).max(1024).optional(),
    password: Secret.optional(),
    host: HostPattern.optional(),
    headers: Headers.optional(),
  })
  .strict()
  .openapi("CredentialPatch");
export type CredentialPatch = z.infer<typeof CredentialPatch>;

/** What the API shows of a credential: never a secret. */
export const CredentialInfo = z
  .object({
    id: z.uuid(),
    provider: z.string(),
    type: CredentialType,
    title: z.string(),
    created_at: z.string(),
    updated_at: z.string().nullable(),
    host: z.string().optional().openapi({ description: "host_scoped: the host its headers are for" }),
    base_url: z.string().optional(),
    header_names: z.array(z.string()).optional().openapi({ description: "host_scoped: the header names (not values)" }),
  })
  .openapi("Credential");
export type CredentialInfo = z.infer<typeof CredentialInfo>;

export const CreatedCredential = z
  .object({ id: z.uuid(), provider: z.string(), type: CredentialType, title: z.string(), created_at: z.string() })
  .openapi("CreatedCredential");

/** How a run names a credential (AutoGPT's CredentialsMetaInput): what runs show instead of the secret. */
export const CredentialsMeta = z
  .object({
    id: z.string().min(1).max(100),
    provider: z.string().max(100).optional(),
    type: z.string().max(40).optional(),
    title: z.string().max(200).nullish(),
  })
  .openapi("CredentialsMetaInput");

/** `POST /api/v1/credentials/:id/test`: whether the provider accepted the key (never the secret). */
export const CredentialTestResult = z
  .object({
    ok: z.boolean(),
    provider: z.string(),
    status: z.number().int().optional().openapi({ description: "The provider's HTTP status, when it answered" }),
    message: z.string().optional().openapi({ description: "Why the test failed, short (never the secret)" }),
  })
  .openapi("CredentialTestResult");
export type CredentialTestResult = z.infer<typeof CredentialTestResult>;
