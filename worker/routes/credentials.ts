// The credentials vault: add a credential (its secret is encrypted before it is stored), list and read
// metadata, rename or replace the secret, delete. No response ever carries a secret. Someone else's
// credential is a 404, like an unknown one.
import { createRoute, z } from "@hono/zod-openapi";
import { testCredential } from "../credentials/key-test";
import {
  CreatedCredential,
  CredentialInfo,
  CredentialPatch,
  CredentialTestResult,
  NewCredential,
  Provider,
} from "../credentials/shapes";
import {
  createCredential,
  deleteCredential,
  getCredential,
  listCredentials,
  updateCredential,
} from "../credentials/vault";
import { requireAuth } from "../middleware/auth";
import { ErrorBody, json, security } from "../openapi";
import { newRouter } from "../router";

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const ListQuery = z.object({ provider: Provider.optional().describe("Only credentials of this provider") });
const CredentialList = z.object({ items: z.array(CredentialInfo) }).openapi("CredentialList");

const errors = {
  400: json(ErrorBody, "Invalid request (details name the fields)"),
  401: json(ErrorBody, "Missing or invalid credentials"),
  404: json(ErrorBody, "No such credential (or not yours)"),
  503: json(ErrorBody, "The vault key (CREDENTIALS_KEY) is not configured"),
};

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["credentials"],
  summary: "Store a credential (API key, username/password, or headers for a host); the secret is never returned",
  security,
  middleware: [requireAuth("write")] as const,
  request: { body: { ...json(NewCredential, "Provider, type, title and the secret fields"), required: true } },
  responses: { 201: json(CreatedCredential, "Stored"), ...errors },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["credentials"],
  summary: "The caller's credentials, newest first (metadata only)",
  security,
  middleware: [requireAuth("read")] as const,
  request: { query: ListQuery },
  responses: { 200: json(CredentialList, "Credentials"), ...errors },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["credentials"],
  summary: "One credential's metadata",
  security,
  middleware: [requireAuth("read")] as const,
  request: { params: IdParam },
  responses: { 200: json(CredentialInfo, "The credential"), ...errors },
});

const patch = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["credentials"],
  summary: "Rename a credential or replace its secret fields",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam, body: { ...json(CredentialPatch, "Fields to change"), required: true } },
  responses: { 200: json(CredentialInfo, "The credential"), ...errors },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["credentials"],
  summary: "Delete a credential; runs that name it are refused from then on",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors },
});

const test = createRoute({
  method: "post",
  path: "/{id}/test",
  tags: ["credentials"],
  summary:
    "Test an API key: one cheap authenticated request to its provider (its model list); " +
    "{ok: true} or {ok: false, status, message}, never the secret",
  security,
  middleware: [requireAuth("write")] as const,
  request: { params: IdParam },
  responses: {
    200: json(CredentialTestResult, "The provider's verdict"),
    ...errors,
    422: json(ErrorBody, "This credential's provider or type has no test (jina, host_scoped, user_password, ...)"),
  },
});

export const credentialRoutes = newRouter();

credentialRoutes.openapi(create, async (c) => {
  const info = await createCredential(c.env, c.get("auth").userId, c.req.valid("json"));
  return c.json(
    { id: info.id, provider: info.provider, type: info.type, title: info.title, created_at: info.created_at },
    201,
  );
});

credentialRoutes.openapi(list, async (c) => {
  const items = await listCredentials(c.env, c.get("auth").userId, c.req.valid("query").provider);
  return c.json({ items }, 200);
});

credentialRoutes.openapi(get, async (c) => {
  return c.json(await getCredential(c.env, c.get("auth").userId, c.req.valid("param").id), 200);
});

credentialRoutes.openapi(patch, async (c) => {
  const info = await updateCredential(c.env, c.get("auth").userId, c.req.valid("param").id, c.req.valid("json"));
  return c.json(info, 200);
});

credentialRoutes.openapi(remove, async (c) => {
  await deleteCredential(c.env, c.get("auth").userId, c.req.valid("param").id);
  return c.body(null, 204);
});

credentialRoutes.openapi(test, async (c) => {
  return c.json(await testCredential(c.env, c.get("auth").userId, c.req.valid("param").id), 200);
});
