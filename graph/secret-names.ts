// Which field names look like they hold a secret (AutoGPT's rule for exports: credentials|api_key|password|
// token|secret, any case; here also the HTTP headers that carry one: Authorization, X-API-Key / api-key, Cookie,
// and other common names: private keys, passwd / pwd, passphrases, bearer, access and session keys).
// One definition for every place that hides such fields: exports strip them, shared run links redact them.

const SECRET_WORDS =
  "credentials|api[_-]?key|password|passwd|passphrase|private[_-]?key|access[_-]?key|session[_-]?key|bearer|token|secret|authorization|cookie";

/** Whether a field's name looks like it holds a secret. */
export const SECRET_NAME = new RegExp(`${SECRET_WORDS}|(?:^|[^a-z])pwd(?:$|[^a-z])`, "i");

// In free text a name must end with the word (`api_key`, `X-API-Key`, `access_token`): prose names that only
// contain one (`Max output tokens: 4k`, `secret_santa_budget: $25`, `token_count`) are no secret's.
const SECRET_NAME_AT_END = new RegExp(`(?:${SECRET_WORDS}|(?:^|[^a-z])pwd)$`, "i");
// The bare words alone name secrets as often as not (`Model token: gpt-4o`): their value must look like one.
const WEAK_SECRET_NAME = /^(?:token|secret)$/i;

/**
 * Whether a value is distinctive enough to be taken for a secret, and cut out of other text: 8 characters or more
 * with a digit or sign, or 16 or more. Short or word-like values (`gpt-4o`, a local server's placeholder key
 * `ollama` or `EMPTY`) would be cut out of ordinary text mid-sentence.
 */
export const distinctiveSecret = (value: string): boolean =>
  value.length >= 16 || (value.length >= 8 && /[^A-Za-z]/.test(value));

export const REDACTED = "[redacted]";

/**
 * The value with every secret-named field replaced by REDACTED, at any depth of objects and arrays: an input
 * that is an object (a config, a headers map) hides its `api_key` as a top-level `api_key` input is hidden.
 * @example redactSecretFields({ a: 1, cfg: { api_key: "k" } }) // { a: 1, cfg: { api_key: "[redacted]" } }
 */
export function redactSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) {
    // A `[name, value]` pair (a headers list as fetch takes it) whose name looks secret.
    if (value.length === 2 && typeof value[0] === "string" && SECRET_NAME.test(value[0])) return [value[0], REDACTED];
    return value.map(redactSecretFields);
  }
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  // A `{name, value}` or `{key, value}` entry (a HAR-style headers list) whose name looks secret.
  const named = [record.name, record.key].some((n) => typeof n === "string" && SECRET_NAME.test(n));
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      SECRET_NAME.test(k) || (named && k === "value") ? REDACTED : redactSecretFields(v),
    ]),
  );
}

/**
 * The strings that redaction (or stripping) took out of `original` to make `redacted`: the values to cut
 * out of anything else shown next to it (an output or an error message that repeats a secret input).
 */
export function redactedValues(original: unknown, redacted: unknown): string[] {
  if (redacted === REDACTED && original !== REDACTED) return leaves(original);
  if (Array.isArray(original) && Array.isArray(redacted))
    return original.flatMap((v, i) => redactedValues(v, redacted[i]));
  if (original && redacted && typeof original === "object" && typeof redacted === "object")
    // A field missing from `redacted` was left out (as stripSecretFields does): all of it was taken.
    return Object.entries(original).flatMap(([k, v]) =>
      k in redacted ? redactedValues(v, (redacted as Record<string, unknown>)[k]) : leaves(v),
    );
  return [];
}

// Strings only: a number under a secret-looking name is more often a setting (`max_tokens`) than a secret, and
// cutting every "1000" out of the page would hide more than it protects.
const leaves = (value: unknown): string[] =>
  typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(leaves) : [];

/** Every string in `value`, at any depth, with each of `secrets` (4 characters or more) replaced by REDACTED. */
export function scrubValues<T>(value: T, secrets: readonly string[]): T {
  const cut = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (cut.length === 0) return value;
  return mapStrings(value, (text) => cut.reduce((t, s) => t.split(s).join(REDACTED), text));
}

/** `value` with every string in it, at any depth of objects and arrays, replaced by `map(string)`. */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return map(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * The value without the secret-named fields that hold a value (a string or a number) inside it, at any depth of
 * objects and arrays: what an export keeps of a node's input_default value (a headers map without its
 * `Authorization`). A secret-named field holding an object or array is kept and looked into (a JSON schema's
 * `properties.api_key` describes the field, it is not its value), a boolean is kept (a flag such as `use_token`).
 * @example stripSecretFields({ Accept: "json", Authorization: "Bearer k" }) // { Accept: "json" }
 */
export function stripSecretFields(value: unknown): unknown {
  // Not `[name, value]` pairs as redactSecretFields does: in a graph those are as often a schema's
  // `required: ["api_key", "password"]`, which must stay whole for the import to work.
  if (Array.isArray(value)) return value.map(stripSecretFields);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  // A `{name|key, value}` entry named like a secret (a HAR-style headers list) loses its value.
  const named = [record.name, record.key].some((n) => typeof n === "string" && SECRET_NAME.test(n));
  return Object.fromEntries(
    Object.entries(record)
      .filter(([k, v]) => !(secretScalarPair(k, v) || (named && k === "value" && isScalarSecret(v))))
      .map(([k, v]) => [k, stripSecretFields(v)]),
  );
}

const isScalarSecret = (v: unknown) => typeof v === "string" || typeof v === "number";
const secretScalarPair = (name: unknown, v: unknown) =>
  typeof name === "string" && SECRET_NAME.test(name) && isScalarSecret(v);

// A URL inside text: a scheme, `://`, then up to whitespace or a quote / angle bracket that ends it in prose,
// HTML or JSON. Trailing sentence punctuation is given back to the text.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

// `name: value` or `name=value` outside URLs: a header line, a curl `-H "…"`, a form body, an env or YAML line, the
// `"name": "value"` of JSON-like text that does not parse. First the name (quoted or not) and its separator; then,
// after a secret name only, its value (sticky): quoted, or bare (never starting with `=` or `:`: `token == x`), after
// an optional auth scheme word (`Bearer abc`).
const NAME_AND_SEPARATOR =
  /(?<![\w.])(?<nameQuote>["']?)(?<name>[A-Za-z_][\w.-]*)\k<nameQuote>(?<spaceBefore>[ \t]*)(?<sep>[:=])(?<spaceAfter>[ \t]*)/g;
/** The HTTP auth schemes whose word comes before the secret in a header value (`Bearer abc`). */
export const AUTH_SCHEMES = "bearer|basic|token|digest";
const VALUE = new RegExp(
  `(?:(?<quote>["'])(?:(?:${AUTH_SCHEMES})[ \\t]+)?(?<quoted>[^\\s"']+)\\k<quote>|(?<scheme>(?:${AUTH_SCHEMES})[ \\t]+)?(?<bare>[^\\s"'\`&<>()[\\]{},;=:][^\\s"'\`&<>()[\\]{},;]*))`,
  "iy",
);

/**
 * The value with the secrets inside its text masked, in every string at any depth: the credentials of URLs (a
 * password, secret-named query or fragment parameters), the value of `name: value` / `name=value` lines whose name
 * looks secret (`Authorization: Bearer [redacted]`, `api_key=[redacted]&x=2`), and in a string that is JSON text
 * (an object or array), the fields `fields` hides in objects (redactSecretFields for share links, stripSecretFields
 * for exports), written back only if something changed. The rest of the text stays as it was. Each masked value is
 * pushed to `found` (URL parts also percent-decoded), for cutting out of anything else shown next to it
 * (scrubValues). Not base64: a secret encoded inside another value is not looked for.
 * @example maskTextSecrets("https://u:pw12@db.example.com/x?token=t1&a=1", redactSecretFields)
 * // "https://u:[redacted]@db.example.com/x?token=[redacted]&a=1"
 * @example maskTextSecrets('{"api_key":"sk-1","q":1}', stripSecretFields) // '{"q":1}'
 */
export function maskTextSecrets<T>(value: T, fields: (value: unknown) => unknown, found: string[] = []): T {
  const mask = (text: string): string => {
    const json = jsonText(text);
    if (json === undefined) return maskPlainText(text, found);
    let masked: unknown;
    try {
      const hidden = fields(json);
      for (const secret of redactedValues(json, hidden)) found.push(secret);
      masked = mapStrings(hidden, mask);
    } catch (error) {
      // Nested too deep to walk (strings have no depth limit at the door): hidden whole rather than shown.
      if (error instanceof RangeError) return REDACTED;
      throw error;
    }
    const indent = /\n([ \t]+)\S/.exec(text)?.[1];
    const written = JSON.stringify(masked, null, indent);
    return written === JSON.stringify(json, null, indent) ? text : written;
  };
  return mapStrings(value, mask);
}

/** The object or array a string holds as JSON text, or undefined for any other text. */
function jsonText(text: string): object | undefined {
  if (!/^\s*[[{]/.test(text) || !/[\]}]\s*$/.test(text)) return undefined;
  try {
    return JSON.parse(text) as object;
  } catch {
    return undefined; // Not JSON after all (prose in brackets, a truncated body): masked as text.
  }
}

/** Text with its URLs' credentials and its secret-named `name: value` / `name=value` values masked. */
function maskPlainText(text: string, found: string[]): string {
  let masked = "";
  let last = 0;
  // Inside a URL only maskUrl's rules apply: a path may hold `&token=…` that is no parameter.
  for (const url of text.includes("://") ? text.matchAll(URL_IN_TEXT) : []) {
    masked += maskNamedValues(text.slice(last, url.index), found) + maskUrl(url[0], found);
    last = url.index + url[0].length;
  }
  return masked + maskNamedValues(text.slice(last), found);
}

// A bare value that is a number (`token_count: 5`) or a word or dotted name without digits (`api_key: str`,
// `password = args.password`, `use_token: true`) is a setting, a type or code, not a secret.
const NOT_A_SECRET = /^(?:[\d.]+|[A-Za-z_.]+)$/;

function maskNamedValues(text: string, found: string[]): string {
  if (!/[:=]/.test(text)) return text;
  let masked = "";
  let last = 0;
  NAME_AND_SEPARATOR.lastIndex = 0;
  for (let n = NAME_AND_SEPARATOR.exec(text); n; n = NAME_AND_SEPARATOR.exec(text)) {
    const name = n.groups ?? {};
    if (!SECRET_NAME_AT_END.test(name.name ?? "")) continue;
    VALUE.lastIndex = NAME_AND_SEPARATOR.lastIndex;
    const v = VALUE.exec(text);
    if (!v) continue;
    // The next name is looked for after this value, masked or not: each character is read once (no quadratic
    // time on hostile text).
    NAME_AND_SEPARATOR.lastIndex = VALUE.lastIndex;
    const g = v.groups ?? {};
    const value = g.quoted ?? g.bare ?? "";
    const opened = name.nameQuote ? undefined : text[n.index - 1];
    if (g.quoted === undefined && !isBareSecret(g, name, text.slice(VALUE.lastIndex), opened)) continue;
    if (WEAK_SECRET_NAME.test(name.name ?? "") && !g.scheme && !distinctiveSecret(value)) continue;
    // The value ends the match (before its closing quote, if quoted).
    const end = VALUE.lastIndex - (g.quote?.length ?? 0);
    masked += text.slice(last, end - value.length) + hide(value, found);
    last = end;
  }
  return masked + text.slice(last);
}

type Groups = Record<string, string | undefined>;

/**
 * Whether a bare value is a secret's: not a number or a word (unless after an auth scheme), and one token only,
 * which what follows tells: the end of the line, the next form field, the quote the name was opened with
 * (`-H "X-API-Key: k"`), or a space after a tight `name=value` (`TOKEN=abc npm start`). Anything else is prose
 * ("the password: is required") or code (`token: userToken,`, `{"Authorization": f"Bearer {t}"}`).
 */
function isBareSecret(value: Groups, name: Groups, after: string, opened: string | undefined): boolean {
  if (!value.scheme && NOT_A_SECRET.test(value.bare ?? "")) return false;
  return (
    /^[ \t]*(?:\r?\n|$)/.test(after) ||
    after[0] === "&" ||
    (name.sep === "=" && !name.spaceBefore && !name.spaceAfter && /^[ \t]/.test(after)) ||
    ((opened === '"' || opened === "'") && after[0] === opened)
  );
}

/** REDACTED in place of a secret, which is pushed to `found` as written and percent-decoded. */
function hide(secret: string, found: string[]): string {
  if (secret === REDACTED) return REDACTED;
  found.push(secret);
  const decoded = safeDecode(secret);
  if (decoded !== secret) found.push(decoded);
  return REDACTED;
}

function maskUrl(match: string, found: string[]): string {
  const tail = TRAILING_PUNCTUATION.exec(match)?.[0] ?? "";
  const url = match.slice(0, match.length - tail.length);
  try {
    new URL(url);
  } catch {
    return match;
  }
  const scheme = url.indexOf("://") + 3;
  const authorityEnd = url.slice(scheme).search(/[/?#]/);
  const authority = authorityEnd === -1 ? url.slice(scheme) : url.slice(scheme, scheme + authorityEnd);
  const rest = url.slice(scheme + authority.length);
  // The userinfo ends at the authority's last `@` (a raw `@` in a password is taken as part of it, as URL does).
  const at = authority.lastIndexOf("@");
  const colon = authority.indexOf(":");
  const userinfo =
    at !== -1 && colon !== -1 && colon < at && colon + 1 < at
      ? `${authority.slice(0, colon + 1)}${hide(authority.slice(colon + 1, at), found)}${authority.slice(at)}`
      : authority;
  // Query and fragment alike (an OAuth redirect carries its `access_token` in the fragment); never the path.
  const params = rest.search(/[?#]/);
  const masked =
    params === -1
      ? rest
      : rest.slice(0, params) +
        rest
          .slice(params)
          .replace(/([?#&])([^=&#]+)=([^&#]+)/g, (param, sep: string, name: string, secret: string) =>
            SECRET_NAME.test(safeDecode(name.replace(/\+/g, " "))) ? `${sep}${name}=${hide(secret, found)}` : param,
          );
  return `${url.slice(0, scheme)}${userinfo}${masked}${tail}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
