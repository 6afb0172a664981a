// The secret values the vault handed one node execution's block, and the one way they are cut out of what the node
// leaves behind: its outputs and error (stored, sent on the run's sockets, shown on shared pages), its live text and
// its log lines. A provider or server that repeats a key back ("Bad request for key Bearer sk-…") must not publish
// it, whichever block made the call. The cutting is graph/secret-names.ts's scrubValues; this module knows which
// strings to cut: each secret value and the forms it is cheaply known to travel in.
import type { BlockContext, BlockLogger, ResolvedCredentials } from "../blocks/contract";
import { AUTH_SCHEMES, distinctiveSecret, scrubValues } from "../graph/secret-names";

const AUTH_SCHEME = new RegExp(`^(?:${AUTH_SCHEMES})[ \\t]+(\\S+)$`, "i");

/** Base64 of UTF-8 text (btoa alone refuses characters past Latin-1). */
const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

// Only distinctive values (distinctiveSecret): a local server's placeholder key ("ollama", "EMPTY") cut out of model
// output would change ordinary words mid-sentence, and what later nodes receive.
/**
 * The strings to cut for one credential: its secret values, URL-encoded too, the token of a header value that
 * carries an auth scheme (`Bearer abc` → also `abc`), and a user_password's Basic auth form (base64 of
 * `user:password`), each only if distinctive. A username alone is not cut: it is no secret, and cutting a common
 * name ("admin") from every output would hide more than it protects.
 * @example secretForms({ type: "api_key", secret: { api_key: "sk-1 2" }, ... }) // ["sk-1 2", "sk-1%202"]
 */
export function secretForms(cred: ResolvedCredentials): string[] {
  const { username, ...rest } = cred.secret;
  const secret = cred.type === "user_password" ? rest : cred.secret;
  const values = Object.values(secret).filter((v): v is string => typeof v === "string" && v !== "");
  const forms = values.flatMap((v) => [v, encodeURIComponent(v), AUTH_SCHEME.exec(v)?.[1] ?? ""]);
  if (cred.type === "user_password" && secret.password) forms.push(base64(`${username ?? ""}:${secret.password}`));
  return [...new Set(forms.filter(distinctiveSecret))];
}

/**
 * One node execution's secrets: `guard` gives the block a ctx that notes every credential it reads and cuts them
 * from its log lines; `scrub` cuts them from anything else the node leaves.
 * @example const secrets = new NodeSecrets(); const ctx = secrets.guard(fullCtx); ...; secrets.scrub(outputs)
 */
export class NodeSecrets {
  private readonly cut = new Set<string>();

  guard(ctx: BlockContext): BlockContext {
    const read = ctx.credentials.get;
    return {
      ...ctx,
      credentials: {
        get: async (id) => {
          const cred = await read(id);
          for (const form of cred ? secretForms(cred) : []) this.cut.add(form);
          return cred;
        },
      },
      logger: this.scrubbingLogger(ctx.logger),
    };
  }

  /** `value` with every secret the block was handed replaced by "[redacted]", in every string at any depth. */
  scrub<T>(value: T): T {
    return scrubValues(value, [...this.cut]);
  }

  private scrubbingLogger(logger: BlockLogger): BlockLogger {
    const at =
      (level: keyof BlockLogger) =>
      (message: string, fields?: Record<string, unknown>): void =>
        logger[level](this.scrub(message), fields && this.scrub(fields));
    return { info: at("info"), warn: at("warn"), error: at("error") };
  }
}
