/** Starts the local name resolver on 127.0.0.1 (see dns-resolver.mjs). */
export function startResolver(): Promise<{ url: string; close: () => void }>;
