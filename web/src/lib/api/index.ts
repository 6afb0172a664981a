export * from "./endpoints";
export { ApiRequestError, errorMessage, fileDownloadUrl, uploadFile } from "./http";
export type * from "./monitoring-schemas";
export type * from "./schemas";
export * from "./store";
