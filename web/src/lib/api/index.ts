export * from "./endpoints";
export { ApiRequestError, errorMessage, uploadFile } from "./http";
export type * from "./schemas";
export * from "./store";
