import { z } from "zod";

export const Scope = z.enum(["read", "write", "execute"]);
export type Scope = z.infer<typeof Scope>;
export const ALL_SCOPES: Scope[] = ["read", "write", "execute"];

/** Who is calling, as established by the auth middleware. */
export const AuthIdentity = z.object({
  userId: z.string(),
  scopes: z.array(Scope),
  via: z.enum(["jwt", "external_jwt", "api_key"]),
  apiKeyId: z.string().optional(),
});
export type AuthIdentity = z.infer<typeof AuthIdentity>;
