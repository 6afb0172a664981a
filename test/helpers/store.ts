// Store test helpers: an admin's calls (ADMIN_USERS set for that request only, through the real fetch handler),
// a small agent with a secret input, publishing through submit + review.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../worker/index";
import { BLOCK, createGraph, graphJson, uid } from "../engine-helpers";
import { type ApiOptions, api } from "./auth";

/** `api()` as an admin: the Worker runs with ADMIN_USERS naming `adminId` (an id or an email). */
export async function adminApi(adminId: string, path: string, options: ApiOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set("Content-Type", "application/json");
  }
  const req = new Request(`http://local.test/api/v1${path}`, {
    method: options.method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, { ...env, ADMIN_USERS: adminId } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export const SECRET_VALUE = "sk-live-do-not-leak-42";

/** An echo agent (input `text` → output `echo`) with a secret input `api_key` holding SECRET_VALUE. */
export async function echoAgent(token: string, name: string, description = "") {
  const [input, secret, output] = [uid("in"), uid("secret"), uid("out")];
  const graph = graphJson(
    name,
    [
      { id: input, block_id: BLOCK.input, input_default: { name: "text" }, metadata: { position: { x: 0, y: 0 } } },
      {
        id: secret,
        block_id: BLOCK.input,
        input_default: { name: "api_key", secret: true, value: SECRET_VALUE },
        metadata: { position: { x: 0, y: 120 } },
      },
      { id: output, block_id: BLOCK.output, input_default: { name: "echo" }, metadata: { position: { x: 300, y: 0 } } },
    ],
    [[input, "result", output, "value"]],
  );
  return createGraph(token, { ...graph, description });
}

export type SubmissionOut = { id: string; listing_id: string; status: string; slug: string; image_url: string | null };

export async function submit(token: string, body: Record<string, unknown>): Promise<SubmissionOut> {
  const res = await api("/store/submissions", { token, json: { sub_heading: "", categories: [], ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as SubmissionOut;
}

export async function approve(adminId: string, adminToken: string, submissionId: string) {
  const res = await adminApi(adminId, `/store/submissions/${submissionId}/review`, {
    token: adminToken,
    json: { status: "APPROVED" },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as SubmissionOut;
}

export const slugOf = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** Waits until the run's row is in D1's run index (the run's object writes it within a moment of the run). */
export async function indexed(executionId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const row = await env.DB.prepare("SELECT 1 AS ok FROM executions WHERE id = ?").bind(executionId).first();
    if (row) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`run ${executionId} never reached the index`);
}
