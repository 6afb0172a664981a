// Every /api/v1 resource, one router per file.
import { newRouter } from "../router";

export const apiRoutes = newRouter();
