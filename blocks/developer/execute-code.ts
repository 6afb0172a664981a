import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_SANDBOX_LIMITS } from "../sandbox/limits";
import { runJavaScript } from "../sandbox/quickjs-sandbox";
import { stripTypes } from "../sandbox/strip-types";

/** AutoGPT's ProgrammingLanguage values (E2B). Only the JavaScript family runs here. */
const Language = z.enum(["python", "js", "bash", "r", "java", "typescript"]);

/** E2B's Result shape, reduced to what a JavaScript value has: its text and, when it has one, its JSON. */
const CodeExecutionResult = z.object({
  text: z.string().optional().describe("The result as text"),
  json: z.unknown().optional().describe("The result as JSON"),
});

/**
 * AutoGPT's ExecuteCodeBlock without E2B: JavaScript and TypeScript run in-process in a QuickJS sandbox
 * (blocks/sandbox), with no key and no remote service. E2B-only inputs are accepted so AutoGPT exports import.
 */
export const executeCodeBlock = defineBlock({
  id: "0b02b072-abe7-11ef-8372-fb5d162dd712",
  name: "ExecuteCodeBlock",
  description:
    "Executes JavaScript or TypeScript (language js or typescript) in an isolated in-process sandbox with no network and no access to the platform; limited CPU time, memory and output. The result is the value of the last expression or of an exported main(). Python, bash, R and Java (E2B) are not available. credentials, setup_commands, template_id and dispose_sandbox are accepted for AutoGPT compatibility and ignored.",
  categories: ["DEVELOPER_TOOLS"],
  input: z.object({
    credentials: z.unknown().optional().meta({
      description: "E2B API key in AutoGPT; not needed here and ignored.",
      advanced: true,
    }),
    setup_commands: z.array(z.string()).default([]).meta({
      description: "Shell setup commands (E2B only); ignored: the sandbox has no shell.",
      advanced: true,
    }),
    code: z.string().default("").meta({
      description: "Code to execute in the sandbox",
      placeholder: "console.log('Hello, World!')",
      advanced: false,
    }),
    language: Language.default("python").meta({
      description: "Programming language to execute: js or typescript (python, bash, r and java need E2B)",
      advanced: false,
    }),
    timeout: z
      .number()
      .int()
      .positive()
      .default(300)
      .describe("Execution timeout in seconds; the sandbox's CPU time limit (CODE_EXEC_CPU_MS) applies when lower"),
    dispose_sandbox: z.boolean().default(true).meta({
      description: "E2B only; ignored: every execution gets a fresh sandbox that is disposed after it.",
      advanced: true,
    }),
    template_id: z.string().default("").meta({
      description: "E2B sandbox template id; ignored.",
      advanced: true,
    }),
  }),
  output: z.object({
    main_result: CodeExecutionResult.describe("The main result from the code execution"),
    results: z.array(CodeExecutionResult).describe("List of results from the code execution"),
    response: z.string().describe("Text output (if any) of the main execution result"),
    stdout_logs: z.string().describe("Standard output logs from execution"),
    stderr_logs: z.string().describe("Standard error logs from execution"),
  }),
  async *run(input, ctx) {
    if (input.language !== "js" && input.language !== "typescript") {
      yield [
        "error",
        `Language "${input.language}" is not supported: this platform runs code in an in-process JavaScript sandbox (no E2B); use "js" or "typescript"`,
      ];
      return;
    }
    const configured = ctx.sandboxLimits ?? DEFAULT_SANDBOX_LIMITS;
    const limits = { ...configured, cpuMs: Math.min(configured.cpuMs, input.timeout * 1000) };
    let code = input.code;
    if (input.language === "typescript") {
      try {
        code = stripTypes(code);
      } catch (e) {
        yield ["error", `TypeScript could not be parsed: ${e instanceof Error ? e.message : String(e)}`];
        return;
      }
    }
    const outcome = await runJavaScript(code, limits);
    if (outcome.error) {
      // Logs written before the failure help find it; AutoGPT's E2B block drops them.
      if (outcome.stdout) yield ["stdout_logs", outcome.stdout];
      if (outcome.stderr) yield ["stderr_logs", outcome.stderr];
      yield ["error", outcome.error];
      return;
    }
    const main = outcome.hasResult
      ? { text: outcome.text, ...(outcome.value === undefined ? {} : { json: outcome.value }) }
      : undefined;
    yield ["results", main ? [main] : []];
    if (main) yield ["main_result", main];
    if (outcome.text) yield ["response", outcome.text];
    if (outcome.stdout) yield ["stdout_logs", outcome.stdout];
    if (outcome.stderr) yield ["stderr_logs", outcome.stderr];
  },
  tests: [
    {
      input: { code: "console.log('Hello World'); 6 * 7", language: "js" },
      expect: [
        ["results", [{ text: "42", json: 42 }]],
        ["main_result", { text: "42", json: 42 }],
        ["response", "42"],
        ["stdout_logs", "Hello World\n"],
      ],
    },
    {
      name: "TypeScript with an exported main",
      input: { code: "export function main(): string { const s: string = 'typed'; return s }", language: "typescript" },
      expect: [
        ["results", [{ text: "typed", json: "typed" }]],
        ["main_result", { text: "typed", json: "typed" }],
        ["response", "typed"],
      ],
    },
    {
      name: "Python names the language on the error pin",
      input: { code: "print('Hello World')", language: "python", setup_commands: [], timeout: 300, template_id: "" },
      expect: [["error", (v: unknown) => String(v).includes('"python" is not supported')]],
    },
    {
      name: "a thrown error keeps the logs before it",
      input: { code: "console.error('oops'); throw new Error('bad')", language: "js" },
      expect: [
        ["stderr_logs", "oops\n"],
        ["error", "Error: bad"],
      ],
    },
  ],
});
