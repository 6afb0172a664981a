// One fetch wrapper for the API: bearer token, JSON bodies, the gateway's error shape, and zod-parsed replies.
import type { z } from "zod";
import { apiUrl } from "./origin";

export type ErrorDetail = { path: string; message: string };

/** An API failure as the gateway renders it: `{"error":{"code","message","details"}}`. */
export class ApiRequestError extends Error {
  override name = "ApiRequestError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Set by the session module; every request carries it. */
export function setToken(value: string | null): void {
  token = value;
}
export const currentToken = (): string | null => token;

/** Called when the API answers 401 on an authenticated request (expired token): the app signs out. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Options = { method?: string; body?: unknown; query?: Record<string, string | number | undefined> };

async function send(path: string, opts: Options): Promise<Response> {
  const url = apiUrl(`/api/v1${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  // The session this request speaks for: a 401 ends that session only, not one signed in since it was sent.
  const sentWith = token;
  if (sentWith) headers.authorization = `Bearer ${sentWith}`;
  const res = await fetch(url, {
    method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (res.ok) return res;
  let code = "http_error";
  let message = `${res.status} ${res.statusText}`;
  let details: ErrorDetail[] = [];
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: ErrorDetail[] } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
    details = body.error?.details ?? [];
  } catch {
    // Not JSON (a proxy error page): keep the status line as the message.
  }
  if (res.status === 401 && sentWith && sentWith === token && onUnauthorized) onUnauthorized();
  throw new ApiRequestError(res.status, code, message, details);
}

/** A request whose JSON reply is parsed by `schema`. */
export async function request<S extends z.ZodType>(schema: S, path: string, opts: Options = {}): Promise<z.output<S>> {
  const res = await send(path, opts);
  return schema.parse(await res.json());
}

/** A request whose reply body is not needed (204, or a reply the UI ignores). */
export async function requestVoid(path: string, opts: Options = {}): Promise<void> {
  await send(path, opts);
}

/** A human-readable message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Uploads a file (POST /files, multipart) and returns its stored reference (`uri`) for a file input. */
export async function uploadFile(file: File): Promise<{ id: string; uri: string; name: string }> {
  const form = new FormData();
  form.append("file", file);
  const res = await fetch(apiUrl("/api/v1/files"), {
    method: "POST",
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const body = (await res.json().catch(() => ({}))) as {
    uri?: string;
    id?: string;
    name?: string;
    error?: { message?: string };
  };
  if (!res.ok || !body.uri)
    throw new ApiRequestError(res.status, "upload_failed", body.error?.message ?? `${res.status}`, []);
  return { id: body.id ?? "", uri: body.uri, name: body.name ?? file.name };
}

/**
 * A short-lived signed download URL (POST /files/links) for a file reference (`r2://…`) of the signed-in user:
 * it opens without the bearer token, so a plain navigation downloads the file.
 */
export async function fileDownloadUrl(uri: string): Promise<string> {
  const res = await send("/files/links", { body: { uri } });
  const { url } = (await res.json()) as { url: string };
  return apiUrl(url).toString();
}
