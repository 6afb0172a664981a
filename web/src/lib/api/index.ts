export * from "./endpoints";
export { ApiRequestError, errorMessage } from "./http";
export type * from "./schemas";
