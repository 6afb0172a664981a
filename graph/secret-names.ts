// Which field names look like they hold a secret (AutoGPT's rule for exports: credentials|api_key|password|
// token|secret, any case; here also the HTTP headers that carry one: Authorization, X-API-Key / api-key, Cookie,
// and other common names: private keys, passwd / pwd, passphrases, bearer, access and session keys).
// One definition for every place that hides such fields: exports strip them, shared run links redact them.

/** Whether a field's name looks like it holds a secret. */
export const SECRET_NAME =
  /credentials|api[_-]?key|password|passwd|(?:^|[^a-z])pwd(?:$|[^a-z])|passphrase|private[_-]?key|access[_-]?key|session[_-]?key|bearer|token|secret|authorization|cookie/i;

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
 * The strings that redaction took out of `original` to make `redacted`: the values to cut
 * out of anything else shown next to it (an output or an error message that repeats a secret input).
 */
export function redactedValues(original: unknown, redacted: unknown): string[] {
  if (redacted === REDACTED && original !== REDACTED) return leaves(original);
  if (Array.isArray(original) && Array.isArray(redacted))
    return original.flatMap((v, i) => redactedValues(v, redacted[i]));
  if (original && redacted && typeof original === "object" && typeof redacted === "object")
    return Object.entries(original).flatMap(([k, v]) => redactedValues(v, (redacted as Record<string, unknown>)[k]));
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

/**
 * The value with the credentials inside URLs masked, in every string at any depth: a URL's userinfo password
 * (`https://user:p4ss@host`) and the value of each query (or fragment) parameter whose name looks secret
 * (`?api_key=sk-1`) become REDACTED; the rest of the URL (scheme, user, host, path, other parameters) and any
 * text that is not a well-formed URL stay as they were. Each masked part (as written and percent-decoded) is pushed to `found`, for
 * cutting out of anything else shown next to it (scrubValues).
 * @example maskUrlSecrets("https://u:pw12@db.example.com/x?token=t1&a=1")
 * // "https://u:[redacted]@db.example.com/x?token=[redacted]&a=1"
 */
export function maskUrlSecrets<T>(value: T, found: string[] = []): T {
  return mapStrings(value, (text) =>
    text.includes("://") ? text.replace(URL_IN_TEXT, (url) => maskUrl(url, found)) : text,
  );
}

function maskUrl(match: string, found: string[]): string {
  const tail = TRAILING_PUNCTUATION.exec(match)?.[0] ?? "";
  const url = match.slice(0, match.length - tail.length);
  try {
    new URL(url);
  } catch {
    return match;
  }
  const keep = (secret: string) => {
    if (secret === REDACTED) return REDACTED;
    found.push(secret);
    const decoded = safeDecode(secret);
    if (decoded !== secret) found.push(decoded);
    return REDACTED;
  };
  const scheme = url.indexOf("://") + 3;
  const authorityEnd = url.slice(scheme).search(/[/?#]/);
  const authority = authorityEnd === -1 ? url.slice(scheme) : url.slice(scheme, scheme + authorityEnd);
  const rest = url.slice(scheme + authority.length);
  // The userinfo ends at the authority's last `@` (a raw `@` in a password is taken as part of it, as URL does).
  const at = authority.lastIndexOf("@");
  const colon = authority.indexOf(":");
  const userinfo =
    at !== -1 && colon !== -1 && colon < at && colon + 1 < at
      ? `${authority.slice(0, colon + 1)}${keep(authority.slice(colon + 1, at))}${authority.slice(at)}`
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
            SECRET_NAME.test(safeDecode(name.replace(/\+/g, " "))) ? `${sep}${name}=${keep(secret)}` : param,
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
