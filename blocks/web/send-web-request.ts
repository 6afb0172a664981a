import { z } from "zod";
import { type BlockContext, defineBlock, RetryableError } from "../contract";
import { messageOf } from "../runtime/errors";
import { storeMediaFile } from "../runtime/media-file";

const HttpMethod = z.enum(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);

/** Builds the request body the way AutoGPT's block does with `requests` (json=, data= or files=). */
async function buildBody(
  input: { body: unknown; json_format: boolean; files: string[]; files_name: string },
  headers: Headers,
  ctx: BlockContext,
): Promise<BodyInit | undefined> {
  let body = input.body;
  let asJson = input.json_format;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      asJson = false; // plain text is sent as is
    }
  }
  if (input.files.length > 0) {
    if (asJson) {
      throw new Error(
        "json_format=True cannot be combined with file uploads; set json_format=False and put form fields in `body`.",
      );
    }
    const form = new FormData();
    if (body && typeof body === "object") {
      for (const [k, v] of Object.entries(body)) form.append(k, typeof v === "string" ? v : JSON.stringify(v));
    }
    for (const file of input.files) {
      const uri = await storeMediaFile(ctx, file, "uri", input.files_name);
      const stored = await ctx.files.get(uri);
      if (!stored) throw new Error(`File not found: ${file}`);
      form.append(input.files_name, new Blob([stored.data], { type: stored.contentType }), stored.name);
    }
    return form;
  }
  if (body === null || body === undefined) return undefined;
  if (asJson) {
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return JSON.stringify(body);
  }
  if (typeof body === "object") {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) form.append(k, typeof v === "string" ? v : JSON.stringify(v));
    return form;
  }
  return String(body);
}

export const sendWebRequestBlock = defineBlock({
  id: "6595ae1f-b924-42cb-9a41-551a0611c4b4",
  name: "SendWebRequestBlock",
  description:
    "Make an HTTP request (JSON / form / multipart). Private, loopback and cloud-metadata addresses are refused.",
  categories: ["OUTPUT"],
  input: z.object({
    url: z.string().meta({ description: "The URL to send the request to", placeholder: "https://api.example.com" }),
    method: HttpMethod.default("POST").describe("The HTTP method to use for the request"),
    headers: z
      .record(z.string(), z.string())
      .default(() => ({}))
      .describe("The headers to include in the request"),
    json_format: z
      .boolean()
      .default(true)
      .meta({ title: "JSON format", description: "If true, send the body as JSON (unless files are also present)." }),
    body: z
      .unknown()
      .default(null)
      .describe("Form/JSON body payload. If files are supplied, this must be a mapping of form-fields."),
    files_name: z.string().default("file").describe("The name of the file field in the form data."),
    files: z
      .array(z.string())
      .default(() => [])
      .describe("Files to upload (URL, data URI or stored file reference), sent as multipart form data."),
  }),
  output: z.object({
    response: z.unknown().describe("The response from the server"),
    client_error: z.unknown().describe("Errors on 4xx status codes"),
    server_error: z.unknown().describe("Errors on 5xx status codes"),
  }),
  async *run(input, ctx) {
    let response: Response;
    try {
      const headers = new Headers(input.headers);
      const method = input.method;
      const body = method === "GET" || method === "HEAD" ? undefined : await buildBody(input, headers, ctx);
      response = await ctx.fetch(input.url, { method, headers, body, signal: ctx.signal });
    } catch (err) {
      if (err instanceof RetryableError) throw err; // timeouts: the node's retry policy decides
      yield ["error", `Request error: ${messageOf(err)}`];
      return;
    }
    const text = input.method === "HEAD" ? "" : await response.text();
    const isJson = (response.headers.get("content-type") ?? "").startsWith("application/json");
    let result: unknown = text;
    if (input.json_format || isJson) {
      if (response.status === 204 || !text.trim()) result = null;
      else {
        try {
          result = JSON.parse(text);
        } catch {
          result = text; // the server said JSON but sent something else: hand over the text
        }
      }
    }
    if (response.status >= 200 && response.status < 300) yield ["response", result];
    else if (response.status >= 400 && response.status < 500) yield ["client_error", result];
    else yield ["server_error", result];
  },
  tests: [
    {
      name: "a JSON POST",
      input: { url: "https://api.example.com/echo", body: { q: 1 }, headers: { "X-Test": "1" } },
      ctx: {
        fetch: async (url, init) => {
          const req = new Request(url, init);
          return Response.json({
            method: req.method,
            type: req.headers.get("content-type"),
            test: req.headers.get("x-test"),
            body: await req.json(),
          });
        },
      },
      expect: [["response", { method: "POST", type: "application/json", test: "1", body: { q: 1 } }]],
    },
    {
      name: "a form body and a text reply",
      input: { url: "https://api.example.com/form", json_format: false, body: { a: "x y" } },
      ctx: {
        fetch: async (url, init) => new Response(new TextDecoder().decode(await new Request(url, init).arrayBuffer())),
      },
      expect: [["response", "a=x+y"]],
    },
    {
      input: { url: "https://api.example.com/missing", method: "GET" },
      ctx: { fetch: async () => Response.json({ detail: "not found" }, { status: 404 }) },
      expect: [["client_error", { detail: "not found" }]],
    },
    {
      input: { url: "https://api.example.com/broken", method: "GET", json_format: false },
      ctx: { fetch: async () => new Response("oops", { status: 503 }) },
      expect: [["server_error", "oops"]],
    },
    {
      name: "a refused address becomes an error output",
      input: { url: "http://169.254.169.254/latest/meta-data/", method: "GET" },
      ctx: {
        fetch: async () => {
          throw new Error(
            "Blocked request to http://169.254.169.254: linkLocal address 169.254.169.254 is not allowed",
          );
        },
      },
      expect: [["error", (m: unknown) => String(m).includes("not allowed")]],
    },
    {
      name: "files go out as multipart form data",
      input: {
        url: "https://api.example.com/upload",
        json_format: false,
        body: { title: "t" },
        files: ["data:text/plain;base64,aGk="],
        files_name: "doc",
      },
      ctx: {
        fetch: async (url, init) => {
          const form = await new Request(url, init).formData();
          const file = form.get("doc") as File;
          return Response.json({ title: form.get("title"), file: await file.text(), type: file.type });
        },
      },
      expect: [["response", { title: "t", file: "hi", type: "text/plain" }]],
    },
  ],
});
