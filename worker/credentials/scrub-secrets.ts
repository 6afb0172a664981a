// A message about a call made with a user's secret (a provider's or server's error) is shown to that user:
// the secret is cut out (by the one scrubber, graph/secret-names.ts) and the message kept short.
import { scrubValues } from "../../graph/secret-names";

/** @example scrubSecrets("bad key sk-123456", ["sk-123456"]) // "bad key [redacted]" */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  const out = scrubValues(message, secrets);
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}
