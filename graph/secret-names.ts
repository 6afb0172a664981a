// Which field names look like they hold a secret (AutoGPT's rule for exports: credentials|api_key|password|
// token|secret, any case; here also the HTTP headers that carry one: Authorization, X-API-Key / api-key, Cookie).
// One definition for every place that hides such fields: exports strip them, shared run links redact them.

/** Whether a field's name looks like it holds a secret. */
export const SECRET_NAME = /credentials|api[_-]?key|password|token|secret|authorization|cookie/i;

export const REDACTED = "[redacted]";

/**
 * The value with every secret-named field replaced by REDACTED, at any depth of objects and arrays: an input
 * that is an object (a config, a headers map) hides its `api_key` as a top-level `api_key` input is hidden.
 * @example redactSecretFields({ a: 1, cfg: { api_key: "k" } }) // { a: 1, cfg: { api_key: "[redacted]" } }
 */
export function redactSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecretFields);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? REDACTED : redactSecretFields(v)]),
  );
}

/**
 * The value without the secret-named fields that hold a value (a string or a number) inside it, at any depth of
 * objects and arrays: what an export keeps of a node's input_default value (a headers map without its
 * `Authorization`). A secret-named field holding an object or array is kept and looked into (a JSON schema's
 * `properties.api_key` describes the field, it is not its value), a boolean is kept (a flag such as `use_token`).
 * @example stripSecretFields({ Accept: "json", Authorization: "Bearer k" }) // { Accept: "json" }
 */
export function stripSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSecretFields);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => !(SECRET_NAME.test(k) && (typeof v === "string" || typeof v === "number")))
      .map(([k, v]) => [k, stripSecretFields(v)]),
  );
}
