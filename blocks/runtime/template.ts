// Jinja2-style rendering for FillTextTemplate, AgentOutput and (later) LLM prompt values.
// Workers forbid eval/new Function, so we use @huggingface/jinja, an interpreter. Like AutoGPT's
// sandboxed TextFormatter, templates see only the values passed in (no globals such as `range`),
// and the `format` filter is AutoGPT's: `{{ price | format("%.2f") }}` formats a number.
import { Environment, Interpreter, parse, tokenize } from "@huggingface/jinja";

/** Templates and rendered text above these sizes are refused (a template is user input). */
export const MAX_TEMPLATE_CHARS = 100_000;
export const MAX_RENDERED_CHARS = 1_000_000;

/**
 * Bounds checked while a template renders (the interpreter is synchronous: nothing else in the isolate runs
 * until it returns). `steps` counts evaluated expressions and statements, ~1.5 million a second: it is the
 * time bound too, since the Workers clock does not advance during synchronous code. `maxChars` bounds the
 * rendered text, and every intermediate string; the text produced across all loop levels is held to 10×.
 */
export type TemplateLimits = {
  steps: number;
  maxChars: number;
  /** Widths that filters pad or indent with (`indent(n)`, `center(n)`, `tojson(indent=n)`). */
  filterWidth: number;
  /** Characters of the template itself. */
  templateChars: number;
};
export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = {
  steps: 200_000,
  maxChars: MAX_RENDERED_CHARS,
  filterWidth: 1000,
  templateChars: MAX_TEMPLATE_CHARS,
};
const PRODUCED_FACTOR = 10;

let configured: TemplateLimits = DEFAULT_TEMPLATE_LIMITS;

/**
 * Sets this isolate's limits from `MAX_TEMPLATE_STEPS`, `MAX_TEMPLATE_OUTPUT_CHARS`, `MAX_TEMPLATE_FILTER_WIDTH` and
 * `MAX_TEMPLATE_CHARS` (defaults otherwise).
 */
export function configureTemplateLimits(env: {
  MAX_TEMPLATE_STEPS?: string;
  MAX_TEMPLATE_OUTPUT_CHARS?: string;
  MAX_TEMPLATE_FILTER_WIDTH?: string;
  MAX_TEMPLATE_CHARS?: string;
}) {
  const positive = (raw: string | undefined, fallback: number) => {
    const n = Number(raw);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  configured = {
    steps: positive(env.MAX_TEMPLATE_STEPS, DEFAULT_TEMPLATE_LIMITS.steps),
    maxChars: positive(env.MAX_TEMPLATE_OUTPUT_CHARS, DEFAULT_TEMPLATE_LIMITS.maxChars),
    filterWidth: positive(env.MAX_TEMPLATE_FILTER_WIDTH, DEFAULT_TEMPLATE_LIMITS.filterWidth),
    templateChars: positive(env.MAX_TEMPLATE_CHARS, DEFAULT_TEMPLATE_LIMITS.templateChars),
  };
}

type Budget = TemplateLimits & { used: number; produced: number };

export class TemplateError extends Error {
  override name = "TemplateError";
}

type RuntimeValue = { type: string; value: unknown };
type FilterNode = { type: string; value?: string; callee?: { type: string; value: string }; args?: unknown[] };
type InterpreterInternals = {
  budget: Budget;
  applyFilter(operand: RuntimeValue, filterNode: FilterNode, environment: Environment): RuntimeValue;
  evaluateArguments(args: unknown[], environment: Environment): [RuntimeValue[], Map<string, RuntimeValue>];
  evaluate(statement: { type: string }, environment: Environment): RuntimeValue;
  evaluateBlock(statements: { type: string }[], environment: Environment): RuntimeValue;
};

/** AST nodes that are statements; everything else in a block body is an expression printed with `{{ }}`. */
const STATEMENT_TYPES = new Set([
  "Set",
  "Macro",
  "Comment",
  "Break",
  "Continue",
  "If",
  "For",
  "CallStatement",
  "FilterStatement",
]);

const PY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Python's repr() of a string: single quotes unless the text holds a single quote and no double quote. */
function pyReprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(/[\\\n\r\t]/g, (c) => PY_ESCAPES[c] ?? c).replaceAll(quote, `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** Python's repr() of a runtime value (how items inside a printed list or dict look). */
function pyRepr(value: RuntimeValue): string {
  return value.type === "StringValue" ? pyReprString(String(value.value)) : pyStr(value);
}

/** Python's str() of a runtime value: what Jinja2 prints for `{{ value }}` (True, None, ['a', 1], {'k': 'v'}). */
function pyStr(value: RuntimeValue): string {
  switch (value.type) {
    case "StringValue":
      return String(value.value);
    case "BooleanValue":
      return value.value ? "True" : "False";
    case "NullValue":
      return "None";
    case "ArrayValue":
      return `[${(value.value as RuntimeValue[]).map(pyRepr).join(", ")}]`;
    case "TupleValue": {
      const items = (value.value as RuntimeValue[]).map(pyRepr);
      return `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
    }
    case "ObjectValue":
      return `{${[...(value.value as Map<string, RuntimeValue>)].map(([k, v]) => `${pyReprString(k)}: ${pyRepr(v)}`).join(", ")}}`;
    case "IntegerValue":
    case "FloatValue":
      return String(value);
    default:
      // Functions, namespaces and other interpreter objects: a name, never their JavaScript source.
      return `<${value.type.replace(/Value$/, "").toLowerCase()}>`;
  }
}

/** A JS value as a jinja runtime value (Environment.set performs the conversion). */
const toRuntime = (value: unknown): RuntimeValue => new Environment().set("_", value) as RuntimeValue;

const WIDTH_FILTERS = new Set(["indent", "center", "tojson", "wordwrap", "truncate"]);

/** The interpreter with AutoGPT's `format` filter added; every other filter is the library's. */
class AutoGptInterpreter extends Interpreter {}
const baseApplyFilter = (Interpreter.prototype as unknown as InterpreterInternals).applyFilter;
(AutoGptInterpreter.prototype as unknown as InterpreterInternals).applyFilter = function applyFilter(
  this: InterpreterInternals,
  operand,
  filterNode,
  environment,
) {
  if (filterNode.type === "Identifier" && filterNode.value === "format") return operand;
  if (filterNode.type === "CallExpression" && WIDTH_FILTERS.has(filterNode.callee?.value ?? "")) {
    const [args, kwargs] = this.evaluateArguments(filterNode.args ?? [], environment);
    for (const arg of [...args, ...kwargs.values()]) {
      const width = this.budget.filterWidth;
      if (typeof arg.value === "number" && Math.abs(arg.value) > width) {
        throw new TemplateError(
          `${filterNode.callee?.value}() width is larger than ${width} (MAX_TEMPLATE_FILTER_WIDTH)`,
        );
      }
    }
  }
  if (filterNode.type === "CallExpression" && filterNode.callee?.value === "format") {
    const [args, kwargs] = this.evaluateArguments(filterNode.args ?? [], environment);
    const pattern = args[0] ?? kwargs.get("format_string");
    if (!pattern || pattern.type === "NullValue" || pattern.value === "") return operand;
    if (typeof pattern.value !== "string") throw new TemplateError("format() expects a format string");
    return toRuntime(percentFormat(pattern.value, Number(operand.value)));
  }
  return baseApplyFilter.call(this, operand, filterNode, environment);
};
// Every evaluation spends a step; every string it yields must fit the output limit.
const baseEvaluate = (Interpreter.prototype as unknown as InterpreterInternals).evaluate;
(AutoGptInterpreter.prototype as unknown as InterpreterInternals).evaluate = function evaluate(
  this: InterpreterInternals,
  statement,
  environment,
) {
  const budget = this.budget;
  if (++budget.used > budget.steps) {
    throw new TemplateError(`Template took more than ${budget.steps} steps (MAX_TEMPLATE_STEPS)`);
  }
  const value = baseEvaluate.call(this, statement, environment);
  if (typeof value.value === "string" && value.value.length > budget.maxChars) throw tooLong(budget);
  return value;
};
const tooLong = (budget: Budget) =>
  new TemplateError(`Rendered text is longer than ${budget.maxChars} characters (MAX_TEMPLATE_OUTPUT_CHARS)`);
// Printed values read as Jinja2 prints them in Python (True, None, ['a']), not as JSON.
(AutoGptInterpreter.prototype as unknown as InterpreterInternals).evaluateBlock = function evaluateBlock(
  this: InterpreterInternals,
  statements,
  environment,
) {
  let result = "";
  for (const statement of statements) {
    const value = this.evaluate(statement, environment);
    if (value.type === "UndefinedValue") continue;
    // Statements ({% set %}, {% macro %}, ...) evaluate to null: they print nothing.
    if (value.type === "NullValue" && STATEMENT_TYPES.has(statement.type)) continue;
    const piece = pyStr(value);
    // A for-loop concatenates its iterations inside one evaluation: count what every level produces.
    this.budget.produced += piece.length;
    result += piece;
    if (result.length > this.budget.maxChars || this.budget.produced > this.budget.maxChars * PRODUCED_FACTOR) {
      throw tooLong(this.budget);
    }
  }
  return toRuntime(result);
};

/**
 * Renders a Jinja2 template with `values` as its variables.
 * With `escapeHtml`, every string value is HTML-escaped before it is inserted (AutoGPT's autoescape).
 *
 * @example
 * renderTemplate("Hello {{ name | upper }}!", { name: "ada" }); // "Hello ADA!"
 * renderTemplate("{% for x in items %}{{ x }},{% endfor %}", { items: [1, 2] }); // "1,2,"
 */
export function renderTemplate(
  template: string,
  values: Record<string, unknown>,
  options: { escapeHtml?: boolean } & Partial<TemplateLimits> = {},
): string {
  const budget: Budget = {
    steps: options.steps ?? configured.steps,
    maxChars: options.maxChars ?? configured.maxChars,
    filterWidth: options.filterWidth ?? configured.filterWidth,
    templateChars: options.templateChars ?? configured.templateChars,
    used: 0,
    produced: 0,
  };
  if (template.length > budget.templateChars) {
    throw new TemplateError(`Template is longer than ${budget.templateChars} characters (MAX_TEMPLATE_CHARS)`);
  }
  let program: ReturnType<typeof parse>;
  try {
    program = parse(tokenize(template, { lstrip_blocks: false, trim_blocks: false }));
  } catch (err) {
    throw new TemplateError(`Invalid template: ${(err as Error).message}`);
  }
  const env = new Environment();
  for (const [name, value] of [
    ["true", true],
    ["false", false],
    ["none", null],
    ["True", true],
    ["False", false],
    ["None", null],
  ] as const) {
    env.set(name, value);
  }
  const data = options.escapeHtml ? escapeDeep(values) : values;
  for (const [key, value] of Object.entries(data)) env.set(key, plain(value));
  let rendered: RuntimeValue;
  try {
    const interpreter = new AutoGptInterpreter(env);
    (interpreter as unknown as InterpreterInternals).budget = budget;
    rendered = interpreter.run(program) as RuntimeValue;
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(`Template rendering failed: ${(err as Error).message}`);
  }
  const text = String(rendered.value ?? "");
  if (text.length > budget.maxChars) throw tooLong(budget);
  return text;
}

/** JSON-like data only: functions and class instances never reach the template (the sandbox). */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

function escapeDeep<T>(value: T): T {
  if (typeof value === "string") return escapeHtml(value) as T;
  if (Array.isArray(value)) return value.map(escapeDeep) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDeep(v)])) as T;
  }
  return value;
}

/**
 * Python's `format_string % float(value)` for one conversion: `%[flags][width][.precision]type`
 * with types d i f F e E g G x X o s and a literal `%%`.
 */
export function percentFormat(pattern: string, value: number): string {
  let used = false;
  return pattern.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([diouxXeEfFgGs%])/g,
    (_spec, flags: string, width, precision, type: string) => {
      if (type === "%") return "%";
      if (used) throw new TemplateError("format() takes a single value");
      used = true;
      if (Number.isNaN(value)) throw new TemplateError("format() needs a number");
      const p = precision === undefined ? undefined : Number(precision);
      let body: string;
      switch (type) {
        case "d":
        case "i":
        case "u":
          body = Math.trunc(Math.abs(value)).toString();
          break;
        case "f":
        case "F":
          body = Math.abs(value).toFixed(p ?? 6);
          break;
        case "e":
        case "E":
          body = pythonExponent(Math.abs(value).toExponential(p ?? 6));
          break;
        case "g":
        case "G":
          body = pythonGeneral(Math.abs(value), p ?? 6);
          break;
        case "x":
        case "X":
          body = Math.trunc(Math.abs(value)).toString(16);
          break;
        case "o":
          body = Math.trunc(Math.abs(value)).toString(8);
          break;
        default:
          body = String(value);
          return pad(body, flags, width, "");
      }
      if (type === type.toUpperCase() && /[EFGX]/.test(type)) body = body.toUpperCase();
      const sign = value < 0 || Object.is(value, -0) ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
      return pad(body, flags, width, sign);
    },
  );
}

function pad(body: string, flags: string, width: string | undefined, sign: string): string {
  const total = width ? Number(width) : 0;
  const len = sign.length + body.length;
  if (len >= total) return sign + body;
  if (flags.includes("-")) return sign + body + " ".repeat(total - len);
  if (flags.includes("0")) return sign + "0".repeat(total - len) + body;
  return " ".repeat(total - len) + sign + body;
}

/** JS writes 1.5e+0; Python writes 1.5e+00. */
const pythonExponent = (s: string) => s.replace(/e([+-])(\d)$/, "e$10$2");

function pythonGeneral(value: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return "0";
  const exponent = Math.floor(Math.log10(value));
  if (exponent < -4 || exponent >= p) {
    return pythonExponent(value.toExponential(p - 1).replace(/\.?0+e/, "e"));
  }
  return value
    .toFixed(Math.max(0, p - 1 - exponent))
    .replace(/(\.\d*?)0+$/, "$1")
    .replace(/\.$/, "");
}
