// Every /api/v1 resource, one router per file.
import { newRouter } from "../router";
import { apiKeyRoutes } from "./api-keys";
import { authRoutes } from "./auth";
import { blockRoutes } from "./blocks";
import { callbackRoutes } from "./callbacks";
import { credentialRoutes } from "./credentials";
import { executionRoutes } from "./executions";
import { graphRoutes } from "./graphs";
import { runSocketRoutes } from "./run-socket";
import { notificationRoutes } from "./notifications";
import { scheduleRoutes } from "./schedules";
import { wsRoutes } from "./ws";

export const apiRoutes = newRouter();
apiRoutes.route("/auth", authRoutes);
apiRoutes.route("/api-keys", apiKeyRoutes);
apiRoutes.route("/blocks", blockRoutes);
apiRoutes.route("/credentials", credentialRoutes);
apiRoutes.route("/graphs", graphRoutes);
apiRoutes.route("/", executionRoutes);
apiRoutes.route("/", wsRoutes);
apiRoutes.route("/", runSocketRoutes);
apiRoutes.route("/", scheduleRoutes);
apiRoutes.route("/", notificationRoutes);
apiRoutes.route("/", callbackRoutes);
