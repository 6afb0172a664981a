/** Starts the fake model server on 127.0.0.1 (a free port by default). */
export function startModelServer(port?: number): Promise<{ url: string; close: () => void }>;
