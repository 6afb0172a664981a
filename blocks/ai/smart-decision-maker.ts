import { z } from "zod";
import { type BlockContext, defineBlock, type EngineServices, type ToolTarget } from "../contract";
import { type LlmRequest, type LlmResponse, llmCall } from "../llm/call";
import {
  AICredentialsField,
  fillPrompt,
  loadCredential,
  maxTokensField,
  modelField,
  ollamaHostField,
  promptValuesField,
} from "../llm/fields";
import { asChatMessages, type ChatMessage, pendingToolCalls, type ToolCallInfo, toolResponse } from "../llm/messages";
import { withMcpToolSchemas } from "../tools/mcp-tool-schemas";
import { fakeModelContext } from "./test-model";
import { type ToolFunction, toolFunctions } from "./tool-signatures";

const MAIN_OBJECTIVE_PREFIX = "[Main Objective Prompt]: ";
/** `agent_mode_max_iterations: -1` means "until finished"; the node's timeout and this cap still bound it. */
const UNBOUNDED_AGENT_ITERATIONS = 100;

const DEFAULT_SYS_PROMPT =
  "Thinking carefully step by step decide which function to call. Always choose a function call from the list of function signatures, and always provide the complete argument provided with the type matching the required jsonschema signature, no missing argument is allowed. If you have already completed the task objective, you can end the task by providing the end result of your work as a finish message. Function parameters that has no default value and not optional typed has to be provided. ";

type ToolUse = { call: ToolCallInfo; fn: ToolFunction; input: Record<string, unknown> };

/** AutoGPT's validation of a model's tool calls: known tool, valid JSON, no unknown or missing parameters. */
function checkToolCalls(
  calls: readonly ToolCallInfo[],
  fns: readonly ToolFunction[],
): { uses: ToolUse[]; errors: string[] } {
  const uses: ToolUse[] = [];
  const errors: string[] = [];
  for (const call of calls) {
    let args: Record<string, unknown>;
    try {
      const parsed = JSON.parse(call.arguments || "{}");
      args = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
    } catch (err) {
      errors.push(`Tool call '${call.name}' has invalid JSON arguments: ${(err as Error).message}`);
      continue;
    }
    const fn = fns.find((f) => f.name === call.name) ?? (fns.length === 1 ? fns[0] : undefined);
    if (!fn) {
      errors.push(`Tool call for '${call.name}' does not match any known tool definition.`);
      continue;
    }
    const params = fn.parameters as { properties?: Record<string, unknown>; required?: string[] };
    const expected = Object.keys(params.properties ?? {});
    const unknown = Object.keys(args).filter((k) => !expected.includes(k));
    const missing = (params.required ?? []).filter((k) => !Object.hasOwn(args, k));
    if (unknown.length > 0 || missing.length > 0) {
      let msg = `Tool call '${call.name}' has parameter errors:`;
      if (unknown.length) msg += ` Unknown parameters: ${JSON.stringify(unknown.sort())}.`;
      if (missing.length) msg += ` Missing required parameters: ${JSON.stringify(missing.sort())}.`;
      msg += ` Expected parameters: ${JSON.stringify([...expected].sort())}.`;
      errors.push(msg);
      continue;
    }
    const input: Record<string, unknown> = {};
    if (fn.packInto) {
      input[fn.packInto] = Object.fromEntries(expected.filter((k) => Object.hasOwn(args, k)).map((k) => [k, args[k]]));
    } else {
      for (const clean of expected) input[fn.fieldMapping[clean] ?? clean] = args[clean] ?? null;
    }
    uses.push({ call, fn, input });
  }
  return { uses, errors };
}

/** What a tool node gave back, as the tool message's content (AutoGPT: its outputs per pin, as JSON). */
function toolOutputText(outputs: ReadonlyArray<readonly [string, unknown]>, error: string | null): string {
  if (error !== null) return `Tool execution failed: ${error}`;
  if (outputs.length === 0) return "Tool executed successfully";
  const byPin: Record<string, unknown[]> = {};
  for (const [pin, value] of outputs) {
    const list = byPin[pin] ?? [];
    list.push(value);
    byPin[pin] = list;
  }
  return JSON.stringify(byPin);
}

/** AutoGPT's SmartDecisionMakerBlock: the model picks tools (linked nodes); in agent mode it runs them itself. */
export const smartDecisionMakerBlock = defineBlock({
  id: "3b191d9f-356f-482d-8238-ba04b6d18381",
  name: "SmartDecisionMakerBlock",
  description: "Uses AI to intelligently decide what tool to use.",
  categories: ["AI"],
  blockType: "AI",
  input: z.object({
    prompt: z.string().describe("The prompt to send to the language model."),
    model: modelField("The language model to use for answering the prompt."),
    credentials: AICredentialsField,
    multiple_tool_calls: z
      .boolean()
      .default(false)
      .describe("Whether to allow multiple tool calls in a single response."),
    sys_prompt: z
      .string()
      .default(DEFAULT_SYS_PROMPT)
      .describe("The system prompt to provide additional context to the model."),
    conversation_history: z
      .array(z.record(z.string(), z.unknown()))
      .nullish()
      .describe("The conversation history to provide context for the prompt."),
    last_tool_output: z.unknown().default(null).describe("The output of the last tool that was called."),
    retry: z
      .number()
      .int()
      .default(3)
      .describe("Number of times to retry the LLM call if the response does not match the expected format."),
    prompt_values: promptValuesField,
    max_tokens: maxTokensField,
    ollama_host: ollamaHostField,
    agent_mode_max_iterations: z
      .number()
      .int()
      .default(0)
      .describe(
        "Maximum iterations for agent mode. 0 = traditional mode (single LLM call, yield tool calls for external execution), -1 = infinite agent mode (loop until finished), 1+ = agent mode with max iterations limit.",
      ),
    conversation_compaction: z
      .boolean()
      .default(true)
      .describe("Automatically compact the context window once it hits the limit"),
  }),
  output: z.object({
    tools: z.unknown().describe("The tools that are available to use."),
    finished: z.string().describe("The finished message to display to the user."),
    conversations: z.array(z.unknown()).describe("The conversation history to provide context for the prompt."),
  }),
  async *run(input, ctx) {
    const targets: ToolTarget[] = ctx.engine?.tools?.() ?? [];
    if (targets.length === 0) throw new Error("There is no next node to execute.");
    const fns = toolFunctions(await withMcpToolSchemas(ctx, targets));
    const history = asChatMessages(input.conversation_history ?? []);
    const prompt: ChatMessage[] = history.map((m) => ({ ...m }));

    const pending = pendingToolCalls(history);
    const lastOutput = input.last_tool_output;
    if (pending.size > 0 && (lastOutput === null || lastOutput === undefined)) {
      throw new Error(`Tool call requires an output for ${JSON.stringify(Object.fromEntries(pending))}`);
    }
    if (pending.size > 0) {
      prompt.push(toolResponse([...pending.keys()][0] as string, lastOutput));
      if (pendingToolCalls(prompt).size > 0) {
        yield ["conversations", prompt];
        return;
      }
    } else if (lastOutput !== null && lastOutput !== undefined && lastOutput !== "") {
      prompt.push({ role: "user", content: `Last tool output: ${JSON.stringify(lastOutput)}` });
    }

    const userPrompt = fillPrompt(input.prompt, input.prompt_values);
    const sysPrompt = fillPrompt(input.sys_prompt, input.prompt_values);
    const hasObjective = (role: string) =>
      prompt.some(
        (p) => p.role === role && typeof p.content === "string" && p.content.startsWith(MAIN_OBJECTIVE_PREFIX),
      );
    if (sysPrompt && !hasObjective("system"))
      prompt.push({ role: "system", content: MAIN_OBJECTIVE_PREFIX + sysPrompt });
    if (userPrompt && !hasObjective("user")) prompt.push({ role: "user", content: MAIN_OBJECTIVE_PREFIX + userPrompt });

    const credential = await loadCredential(ctx, input.credentials);
    const call = (messages: ChatMessage[]): Promise<LlmResponse> => {
      const request: LlmRequest = {
        model: input.model,
        credential,
        ollamaHost: input.ollama_host,
        prompt: messages,
        maxTokens: input.max_tokens,
        tools: fns,
        parallelToolCalls: input.multiple_tool_calls,
        stream: true,
      };
      return llmCall(ctx, request);
    };

    if (input.agent_mode_max_iterations !== 0) {
      yield* agentLoop(ctx, input.agent_mode_max_iterations, prompt, fns, call);
      return;
    }

    // Traditional mode: one decision, retried while its tool calls do not fit the signatures.
    let current = prompt;
    let response: LlmResponse | undefined;
    let uses: ToolUse[] = [];
    let lastError = "";
    for (let attempt = 0; attempt < Math.max(1, input.retry); attempt++) {
      const answer = await call(current);
      const checked = checkToolCalls(answer.toolCalls, fns);
      if (checked.errors.length === 0) {
        response = answer;
        uses = checked.uses;
        break;
      }
      lastError = checked.errors.join("; ");
      current = [
        ...current,
        {
          role: "user",
          content: `Your tool call had errors. Please fix the following issues and try again:\n- ${lastError}\n\nPlease make sure to use the exact tool and parameter names as specified in the function schema.`,
        },
      ];
    }
    if (!response) throw new Error(lastError || "Failed to get valid response after all retry attempts");
    if (response.toolCalls.length === 0) {
      yield ["finished", response.text];
      return;
    }
    for (const use of uses) {
      for (const [field, value] of Object.entries(use.input)) {
        yield [`tools_^_${use.fn.sinkNodeId}_~_${field}`, value] as never;
      }
    }
    prompt.push(response.message);
    yield ["conversations", prompt];
  },
  tests: [
    {
      name: "without tool nodes there is nothing to decide",
      input: {
        prompt: "Hello, World!",
        model: "gpt-4o",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
      },
      ctx: fakeModelContext(["unused"]),
      expect: [["error", (v: unknown) => typeof v === "string" && v.includes("There is no next node to execute.")]],
    },
    {
      name: "traditional mode yields the tool call on the tool pins",
      input: {
        prompt: "What is 3 + 4?",
        model: "gpt-4o",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
      },
      ctx: {
        ...fakeModelContext([
          { toolCalls: [{ name: "calculatorblock", arguments: { a: 3, b: 4, operation: "Add" } }] },
        ]),
        engine: calculatorToolEngine(),
      },
      expect: [
        ["tools_^_calc_~_a", 3],
        ["tools_^_calc_~_b", 4],
        ["tools_^_calc_~_operation", "Add"],
        ["conversations", (v: unknown) => Array.isArray(v) && v.length === 3],
      ],
    },
    {
      name: "multiple_tool_calls off (the default) asks the provider for one tool call per answer",
      input: {
        prompt: "What is 3 + 4?",
        model: "gpt-4o",
        credentials: { id: "cred-openai", provider: "openai", type: "api_key" },
      },
      ctx: {
        ...fakeModelContext([(req) => `parallel_tool_calls=${String(req.body.parallel_tool_calls)}`]),
        engine: calculatorToolEngine(),
      },
      expect: [["finished", "parallel_tool_calls=false"]],
    },
  ],
});

/** Agent mode: run the called tools as nodes of this run and feed their outputs back, until the model finishes. */
async function* agentLoop(
  ctx: BlockContext,
  maxIterations: number,
  prompt: ChatMessage[],
  fns: readonly ToolFunction[],
  call: (messages: ChatMessage[]) => Promise<LlmResponse>,
): AsyncGenerator<readonly ["error" | "finished", string] | readonly ["conversations", unknown[]], void, undefined> {
  const runTool = ctx.engine?.runTool;
  if (!runTool) throw new Error("Agent mode runs only inside a graph run");
  const limit = maxIterations < 0 ? UNBOUNDED_AGENT_ITERATIONS : maxIterations;
  const current = prompt;
  for (let iteration = 1; iteration <= limit; iteration++) {
    const messages = [...current];
    if (maxIterations > 0 && iteration === maxIterations) {
      messages.push({
        role: "system",
        content: `${MAIN_OBJECTIVE_PREFIX}This is your last iteration (${iteration}/${maxIterations}). Try to complete the task with the information you have. If you cannot fully complete it, provide a summary of what you've accomplished and what remains to be done. Prefer finishing with a clear response rather than making additional tool calls.`,
      });
    }
    let response: LlmResponse;
    try {
      response = await call(messages);
    } catch (err) {
      yield ["error", `LLM call failed in agent mode iteration ${iteration}: ${(err as Error).message}`];
      return;
    }
    const { uses, errors } = checkToolCalls(response.toolCalls, fns);
    if (response.toolCalls.length === 0) {
      yield ["finished", response.text];
      current.push(response.message);
      yield ["conversations", current];
      return;
    }
    if (errors.length > 0 && uses.length === 0) {
      yield ["error", `LLM call failed in agent mode iteration ${iteration}: ${errors.join("; ")}`];
      return;
    }
    const outputs: ChatMessage[] = [];
    for (const use of uses) {
      try {
        const result = await runTool(use.fn.sinkNodeId, use.input);
        outputs.push(toolResponse(use.call.id, toolOutputText(result.outputs, result.error)));
      } catch (err) {
        outputs.push(toolResponse(use.call.id, `Error: ${(err as Error).message}`));
      }
    }
    // A call that did not fit any signature still needs an answer, or the provider refuses the next turn.
    for (const call of response.toolCalls) {
      if (!uses.some((u) => u.call.id === call.id)) outputs.push(toolResponse(call.id, `Error: ${errors.join("; ")}`));
    }
    current.push(response.message, ...outputs);
    yield ["conversations", current.map((m) => ({ ...m }))];
  }
  yield [
    "finished",
    maxIterations < 0
      ? `Agent mode completed after ${limit} iterations`
      : `Agent mode completed after ${maxIterations} iterations (limit reached)`,
  ];
  yield ["conversations", current];
}

/** The test vectors' engine: one CalculatorBlock node linked as a tool, no sub-agents or reviews. */
function calculatorToolEngine(): EngineServices {
  return {
    review: async () => undefined,
    runGraph: async () => {
      throw new Error("unused");
    },
    tools: () => [
      {
        nodeId: "calc",
        blockId: "b1ab9b19-67a6-406d-abf5-2dba76d00c79",
        blockName: "CalculatorBlock",
        description: "Performs a mathematical operation on two numbers.",
        inputSchema: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" }, operation: { type: "string" } },
          required: ["a", "b", "operation"],
        },
        fields: ["a", "b", "operation"],
        inputDefault: {},
      },
    ],
  };
}
