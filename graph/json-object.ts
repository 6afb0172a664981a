// Graph JSON carries free-form values (input_default entries, request bodies) typed `unknown`: one test for
// "a JSON object" (not null, not an array) so every reader agrees on it.

export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The value when it is a JSON object, else an empty one.
 * @example const inputs = objectOf(node.input_default.inputs);
 */
export const objectOf = (value: unknown): Record<string, unknown> => (isJsonObject(value) ? value : {});
