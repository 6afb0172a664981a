// OpenAPI entries for /api/v1/files. The upload is multipart and the download a byte stream, so the handlers
// read the request themselves; these declarations only document them (registerPath adds no validation).
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { ErrorBody, json, security } from "../openapi";

export const FileOut = z
  .object({
    id: z.string(),
    name: z.string().describe("Sanitised file name"),
    content_type: z.string().describe("Sniffed from the first bytes"),
    size: z.number().int(),
    uri: z.string().describe("The file reference blocks take (r2://…)"),
    created_at: z.string(),
  })
  .openapi("File");

export const FileLinkBody = z
  .object({
    uri: z.string().startsWith("r2://").max(1024).optional().describe("A file reference (an upload or a run's file)"),
    id: z.uuid().optional().describe("An upload's id"),
  })
  .refine((b) => (b.uri === undefined) !== (b.id === undefined), { message: "Give either uri or id", path: ["uri"] })
  .openapi("FileLinkRequest");

export const SignedLinkOut = z
  .object({
    url: z.string().describe("Path of GET /api/v1/files/{id} with key, expires and sig; works without credentials"),
    expires_at: z.string(),
  })
  .openapi("FileLink");

const FileIdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const errors = {
  401: json(ErrorBody, "Not signed in"),
  404: json(ErrorBody, "No such file (or another user's)"),
};

export function documentFileRoutes(registry: OpenAPIHono["openAPIRegistry"]): void {
  registry.registerPath({
    method: "post",
    path: "/",
    tags: ["files"],
    summary: "Upload a file (multipart field `file`); FILES_MAX_BYTES per file, FILES_QUOTA_BYTES per user",
    security,
    request: {
      body: {
        content: {
          "multipart/form-data": { schema: z.object({ file: z.string().openapi({ format: "binary" }) }) },
        },
      },
    },
    responses: {
      201: json(FileOut, "The stored file"),
      400: json(ErrorBody, "No file field"),
      401: errors[401],
      413: json(ErrorBody, "File too large, or over the quota"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/{id}",
    tags: ["files"],
    summary: "Download a file: the owner's credentials, or a signed link's key, expires and sig",
    security: [...security, {}],
    request: {
      params: FileIdParam,
      query: z.object({
        info: z.string().optional().describe("Present: answer the file's metadata as JSON instead of its bytes"),
        key: z.string().optional().describe("Signed link: the file's storage key"),
        expires: z.string().optional().describe("Signed link: expiry (Unix seconds)"),
        sig: z.string().optional().describe("Signed link: HMAC-SHA256 signature"),
      }),
    },
    responses: {
      200: {
        description: "The file's bytes (always Content-Disposition: attachment), or its metadata with ?info",
        content: {
          "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
          "application/json": { schema: FileOut },
        },
      },
      ...errors,
      403: json(ErrorBody, "Signed link expired, altered or for another file"),
    },
  });
  registry.registerPath({
    method: "delete",
    path: "/{id}",
    tags: ["files"],
    summary: "Delete an upload",
    security,
    request: { params: FileIdParam },
    responses: { 204: { description: "Deleted" }, ...errors },
  });
  registry.registerPath({
    method: "post",
    path: "/links",
    tags: ["files"],
    summary: "A short-lived signed download link (FILES_LINK_TTL_SECONDS) for one of your files",
    security,
    request: { body: { content: { "application/json": { schema: FileLinkBody } } } },
    responses: { 201: json(SignedLinkOut, "The link"), 400: json(ErrorBody, "Neither uri nor id"), ...errors },
  });
}
