// Every /api/v1 resource, one router per file.
import { newRouter } from "../router";
import { apiKeyRoutes } from "./api-keys";
import { authRoutes } from "./auth";
import { blockRoutes } from "./blocks";
import { executionRoutes } from "./executions";
import { fileRoutes } from "./files";
import { graphRoutes } from "./graphs";
import { mcpRoutes } from "./mcp";
import { wsRoutes } from "./ws";

export const apiRoutes = newRouter();
apiRoutes.route("/auth", authRoutes);
apiRoutes.route("/api-keys", apiKeyRoutes);
apiRoutes.route("/blocks", blockRoutes);
apiRoutes.route("/graphs", graphRoutes);
apiRoutes.route("/files", fileRoutes);
apiRoutes.route("/mcp", mcpRoutes);
apiRoutes.route("/", executionRoutes);
apiRoutes.route("/", wsRoutes);
