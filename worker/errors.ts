import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorDetail = { path: string; message: string };

/**
 * The one error every route throws. `app.onError` renders it as
 * `{"error": {"code", "message", "details"}}` with its status.
 */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    details: ErrorDetail[] = [],
    headers: Record<string, string> = {},
  ) {
    super(status, { message });
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new ApiError(400, "bad_request", message, details);
export const unauthorized = (message = "Authentication required") => new ApiError(401, "unauthorized", message);
export const forbidden = (message = "Not allowed") => new ApiError(403, "forbidden", message);
export const notFound = (what = "Resource") => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (message: string) => new ApiError(409, "conflict", message);
export const tooLarge = (message: string) => new ApiError(413, "payload_too_large", message);

/** zod issues → error details with dotted paths (`nodes.3.block_id`). */
export const zodDetails = (
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): ErrorDetail[] => issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
