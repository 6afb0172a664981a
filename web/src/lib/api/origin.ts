// Where the API lives. Served by the Worker the editor and API share one origin; built for Pages on its own,
// `PUBLIC_API_ORIGIN=https://api.example npm run build:web` bakes the API's origin in (it must list the editor's
// origin in CORS_ORIGINS).
declare const __API_ORIGIN__: string;

/** The API's origin: the build-time one, else the page's own. */
// `globalThis.location`, typed here: the server-side type check (tsconfig.json, which sees this file through
// test/web-session-401.test.ts) has no DOM library.
export const apiOrigin = (): string =>
  __API_ORIGIN__ || (globalThis as unknown as { location: { origin: string } }).location.origin;

/** An API URL, e.g. `apiUrl("/api/v1/graphs")`. */
export const apiUrl = (path: string): URL => new URL(path, apiOrigin());

/** A WebSocket URL on the API's origin (ws: or wss: as the API's scheme). */
export function apiSocketUrl(path: string): URL {
  const url = apiUrl(path);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url;
}
