// Test helpers for calling the API the way a client does: through the Worker's real fetch handler.
import { env, exports } from "cloudflare:workers";
import type { z } from "zod";
import { adminAllowList } from "../../worker/auth/admin";
import { Session } from "../../worker/routes/auth";

export type TestUser = z.infer<typeof Session>;

export type ApiOptions = {
  /** Session JWT, sent as `Authorization: Bearer`. */
  token?: string;
  /** API key, sent as `X-API-Key`. */
  apiKey?: string;
  method?: string;
  /** Serialised as the JSON body (sets Content-Type). */
  json?: unknown;
  headers?: Record<string, string>;
};

/**
 * Call the API. `path` starting with `/api/` is used as is; anything else is taken as relative to `/api/v1`.
 * @example const res = await api("/graphs", { token, method: "POST", json: graph });
 */
export function api(path: string, options: ApiOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  if (options.apiKey) headers.set("X-API-Key", options.apiKey);
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const url = `http://local.test${path.startsWith("/api/") ? path : `/api/v1${path}`}`;
  return exports.default.fetch(new Request(url, { method: options.method ?? (body ? "POST" : "GET"), headers, body }));
}

/** A unique email per call, so tests never collide on the shared D1. */
export const uniqueEmail = () => `user-${crypto.randomUUID()}@example.com`;

export const TEST_PASSWORD = "test-password-123";

/**
 * Create a user and return its session token and identity. Throws (failing the test) if signup fails.
 * @example const { token, user } = await signUp();
 */
export async function signUp(email: string = uniqueEmail(), password: string = TEST_PASSWORD): Promise<TestUser> {
  const res = await api("/auth/signup", { json: { email, password } });
  if (res.status !== 201) throw new Error(`signUp failed: ${res.status} ${await res.text()}`);
  return Session.parse(await res.json());
}

/**
 * Create an API key for a signed-up user; returns the response body (`key` is the secret).
 * @example const { key } = await createApiKey(token, ["read"]);
 */
export async function createApiKey(
  token: string,
  scopes: ("read" | "write" | "execute")[] = ["read", "write", "execute"],
  name = "test key",
): Promise<{ id: string; key: string; prefix: string; scopes: string[]; name: string; created_at: string }> {
  const res = await api("/api-keys", { token, json: { name, scopes } });
  if (res.status !== 201) throw new Error(`createApiKey failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as {
    id: string;
    key: string;
    prefix: string;
    scopes: string[];
    name: string;
    created_at: string;
  };
}

/** The admin the test config names in ADMIN_USERS (signed up here, or signed in when another suite did). */
export async function adminSession(): Promise<TestUser> {
  const [email] = [...adminAllowList(env).emails];
  if (!email) throw new Error("the test config names no admin email in ADMIN_USERS");
  const signup = await api("/auth/signup", { json: { email, password: TEST_PASSWORD } });
  const res = signup.status === 409 ? await api("/auth/login", { json: { email, password: TEST_PASSWORD } }) : signup;
  if (res.status >= 300) throw new Error(`admin: ${res.status} ${await res.text()}`);
  return Session.parse(await res.json());
}
