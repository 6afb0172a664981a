// Adding a credential through the API, as a user does, for tests that run AI and Jina blocks.
import { expect } from "vitest";
import { api } from "./auth";

export type CredentialMeta = { id: string; provider: string; type: string; title: string };

/** @example const cred = await addKey(token, "openai", "sk-test"); // then input_default: { credentials: cred } */
export async function addKey(token: string, provider: string, apiKey: string): Promise<CredentialMeta> {
  const res = await api("/credentials", {
    token,
    json: { provider, type: "api_key", title: `${provider} key`, api_key: apiKey },
  });
  expect(res.status).toBe(201);
  const c = (await res.json()) as CredentialMeta & { created_at: string };
  return { id: c.id, provider: c.provider, type: c.type, title: c.title };
}
