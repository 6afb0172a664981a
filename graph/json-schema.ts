// The one JSON Schema type: block pins (blocks/runtime/json-schema.ts), the graph catalog and validator, and the
// editor's forms (web/src/lib/graph-logic) all read schemas through it. The slice of JSON Schema we read, with
// AutoGPT-style field extras; anything else passes through the index signature.

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  format?: string;
  placeholder?: string;
  advanced?: boolean;
  hidden?: boolean;
  secret?: boolean;
  credentials_provider?: string[];
  [extra: string]: unknown;
};
