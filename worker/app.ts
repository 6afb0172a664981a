import { bodyLimit } from "hono/body-limit";
import { apiDocsHtml } from "./api-docs";
import { ApiError, tooLarge } from "./errors";
import { fileLimits } from "./files/limits";
import { immutableAsset } from "./immutable-assets";
import { log } from "./log";
import { apiCors } from "./middleware/cors";
import { jsonDepthLimit } from "./middleware/json-depth";
import { methodNotAllowed } from "./middleware/method-not-allowed";
import { requestContext } from "./middleware/request-context";
import { securityHeaders } from "./middleware/security-headers";
import { newRouter } from "./router";
import { apiRoutes } from "./routes";
import { refuseOversizedIngress } from "./webhooks/oversize";

export const app = newRouter();

app.use("*", requestContext());
app.use("*", securityHeaders());
app.use("/api/*", apiCors());
app.use("/api/*", async (c, next) => {
  // Uploads have their own limit (FILES_MAX_BYTES) plus room for the multipart framing.
  const maxSize =
    c.req.method === "POST" && c.req.path === "/api/v1/files"
      ? fileLimits(c.env).maxBytes + 64 * 1024
      : Number(c.env.MAX_BODY_BYTES ?? 1_048_576);
  return bodyLimit({
    maxSize,
    onError: async () => {
      const message = `Request body exceeds ${maxSize} bytes`;
      await refuseOversizedIngress(c, maxSize, message);
      throw tooLarge(message);
    },
  })(c, next);
});
app.use("/api/*", jsonDepthLimit());

app.get("/health", (c) => c.json({ status: "ok" }));
app.get("/ready", async (c) => {
  try {
    await c.env.DB.prepare("SELECT 1").first();
    return c.json({ status: "ready" });
  } catch {
    return c.json({ error: { code: "not_ready", message: "D1 is not reachable", details: [] } }, 503);
  }
});

app.route("/api/v1", apiRoutes);
app.get("/_app/immutable/*", immutableAsset);

app.doc31("/api/v1/openapi.json", {
  openapi: "3.1.0",
  info: { title: "Agentflare API", version: "1.0.0" },
});
app.get("/api/docs", (c) => c.html(apiDocsHtml("/api/v1/openapi.json", c.get("secureHeadersNonce") ?? "")));

app.notFound(
  methodNotAllowed(app, () => {
    throw new ApiError(404, "not_found", "Route not found");
  }),
);

app.onError((err, c) => {
  if (err instanceof ApiError) {
    return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status, err.headers);
  }
  // Malformed JSON and other framework HTTP errors keep their status with our shape.
  if (err instanceof Error && "getResponse" in err && "status" in err && typeof err.status === "number") {
    const status = err.status as ApiError["status"];
    const code = status === 400 ? "bad_request" : "http_error";
    return c.json({ error: { code, message: err.message || "Bad request", details: [] } }, status);
  }
  const requestId = c.get("requestId");
  log(c.env, "error", "unhandled", { request_id: requestId, error: err instanceof Error ? err.message : String(err) });
  return c.json({ error: { code: "internal", message: `Internal error (request ${requestId})`, details: [] } }, 500);
});
