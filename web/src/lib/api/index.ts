export * from "./endpoints";
export { ApiRequestError, errorMessage, uploadFile } from "./http";
export type * from "./monitoring-schemas";
export type * from "./schemas";
