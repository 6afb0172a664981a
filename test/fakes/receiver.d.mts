/** Starts the fake callback receiver on 127.0.0.1 (a free port). */
export function startReceiver(): Promise<{ url: string; port: number; close: () => Promise<void> }>;
