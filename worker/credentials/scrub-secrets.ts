// A message about a call made with a user's secret (a provider's or server's error) is shown to that user:
// the secret is cut out and the message kept short.

/** @example scrubSecrets("bad key sk-123456", ["sk-123456"]) // "bad key [redacted]" */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}
