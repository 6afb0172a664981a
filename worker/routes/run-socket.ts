// GET /api/v1/executions/:id/ws: one run's live events on its own WebSocket. The Worker authenticates the upgrade
// (token in `?token=` or a `bearer.<token>` subprotocol, `read` scope), then hands it to the run's GraphRun, which
// refuses someone else's run (404, as REST does) and holds the socket (durable-objects/run-sockets.ts).
import { RUN_SOCKET_USER_HEADER } from "../../durable-objects/run-sockets";
import { ApiError, notFound } from "../errors";
import { isExecutionId } from "../executions/run-stub";
import { requireWebSocketAuth } from "../middleware/auth";
import { allowedWebSocketOrigin } from "../middleware/cors";
import { newRouter } from "../router";

export const runSocketRoutes = newRouter();

runSocketRoutes.get("/executions/:id/ws", allowedWebSocketOrigin(), requireWebSocketAuth("read"), async (c) => {
  const id = c.req.param("id");
  if (!isExecutionId(id)) throw notFound("Execution");
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "Connect with a WebSocket upgrade");
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set(RUN_SOCKET_USER_HEADER, c.get("auth").userId);
  const run = c.env.GRAPH_RUN.get(c.env.GRAPH_RUN.idFromName(id));
  const upgraded = await run.fetch(new Request(c.req.raw.url, { headers }));
  if (upgraded.status === 404) throw notFound("Execution");
  // A fresh Response: the object's has immutable headers, and middleware adds request-id and rate-limit ones.
  return new Response(null, { status: upgraded.status, webSocket: upgraded.webSocket, headers: upgraded.headers });
});
