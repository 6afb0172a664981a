// A client-rendered SPA: the Worker serves one shell (index.html) for every URL and the client router takes over.
export const ssr = false;
