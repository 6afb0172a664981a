// AI blocks in real runs against the fake model server (test/fakes/model-server.mjs, real HTTP on 127.0.0.1):
// answers, tokens and cost in the run's stats, errors a user can act on (bad key, 429, refusal), SmartDecisionMaker's
// agent mode calling a calculator and a sub-agent as tools, the AutoGPT example agent, and no secret in any record.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import aiFunctionAgent from "../graph/fixtures/autogpt/ai_function_agent_516d813b.json";
import emailFinderAgent from "../graph/fixtures/autogpt/email_address_finder_agent_fc2c9976.json";
import testingAgent from "../graph/fixtures/autogpt/testing_agent_calculator.json";
import {
  agentNode,
  BLOCK,
  createGraph,
  getRun,
  graphJson,
  newUser,
  type RunBody,
  runToEnd,
  uid,
} from "./engine-helpers";
import { api } from "./helpers/auth";
import { addKey, type CredentialMeta } from "./helpers/credentials";

const AI = {
  text: "1f292d4a-41a4-4977-9684-7c8d560b9f91",
  structured: "ed55ac19-356e-4243-a6cb-bc599e9b716f",
  list: "9c0b0450-d199-458b-a731-072189dd6593",
  condition: "553ec5b8-6c45-4299-8d75-b394d05f72ff",
  sdm: "3b191d9f-356f-482d-8238-ba04b6d18381",
};

type Meta = CredentialMeta;

type NodeStats = { input_token_count: number; output_token_count: number; llm_call_count: number; cost: number };
const nodeOf = (run: RunBody, nodeId: string) => run.node_executions.filter((e) => e.node_id === nodeId);
const statsOf = (e: RunBody["node_executions"][number]) => (e as unknown as { stats: NodeStats | null }).stats;

async function textRun(token: string, cred: Meta, prompt: string, model = "gpt-4o-mini", values = {}) {
  const gen = uid("gen");
  const out = uid("out");
  const g = await createGraph(
    token,
    graphJson(
      "text",
      [
        {
          id: gen,
          block_id: AI.text,
          input_default: { prompt, model, credentials: cred, retry: 1, prompt_values: values },
        },
        { id: out, block_id: BLOCK.output, input_default: { name: "answer" } },
      ],
      [[gen, "response", out, "value"]],
    ),
  );
  const res = await api(`/graphs/${g.id}/execute?wait=30`, { token, json: { inputs: {} } });
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  return { run: await getRun(token, id), gen };
}

describe("AI text generation against the fake provider", () => {
  it("answers, records tokens and cost per node and in the run, and keeps the key out of the run", async () => {
    const { token } = await newUser();
    const secret = `sk-live-${crypto.randomUUID()}`;
    const cred = await addKey(token, "openai", secret);
    const { run, gen } = await textRun(token, cred, "Hello {{NAME}}", "gpt-4o-mini", { NAME: "there" });
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs.answer).toEqual(["Echo: Hello there"]);
    const [exec] = nodeOf(run, gen);
    const stats = statsOf(exec as RunBody["node_executions"][number]) as NodeStats;
    expect(stats.llm_call_count).toBe(1);
    expect(stats.input_token_count).toBeGreaterThan(0);
    expect(stats.output_token_count).toBeGreaterThan(0);
    expect(stats.cost).toBeGreaterThan(0);
    const runStats = run.stats as RunBody["stats"] & { input_token_count: number; output_token_count: number };
    expect(runStats.input_token_count).toBe(stats.input_token_count);
    expect(runStats.output_token_count).toBe(stats.output_token_count);
    expect(runStats.cost).toBeCloseTo(stats.cost, 10);
    expect(JSON.stringify(run)).not.toContain(secret);
  });

  it("talks to Anthropic too (streamed), and the price table prices its tokens", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "anthropic", "sk-ant-test");
    const { run, gen } = await textRun(token, cred, "Bonjour tout le monde", "claude-sonnet-4-5-20250929");
    expect(run.outputs.answer).toEqual(["Echo: Bonjour tout le monde"]);
    const stats = statsOf(nodeOf(run, gen)[0] as RunBody["node_executions"][number]) as NodeStats;
    // $3 / $15 per million tokens, in cents.
    expect(stats.cost).toBeCloseTo((stats.input_token_count * 3 + stats.output_token_count * 15) / 10_000, 10);
  });

  it("a rejected key fails the node with a message that says so", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-bad");
    const { run, gen } = await textRun(token, cred, "Hello");
    const [exec] = nodeOf(run, gen);
    expect(exec?.status).toBe("FAILED");
    expect(exec?.error).toContain("rejected the API key (401)");
    expect(exec?.output.error?.[0]).toContain("Check the credential");
    expect(["COMPLETED", "FAILED"]).toContain(run.status);
  });

  it("a 429 is retried after the provider's retry-after, then answers", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    const { run } = await textRun(token, cred, `[[429:2]] busy ${crypto.randomUUID()}`);
    expect(run.status).toBe("COMPLETED");
    expect(String(run.outputs.answer?.[0])).toMatch(/^Echo: \[\[429:2\]\] busy/);
  });

  it("a refusal is an error on the node, not a crash of the run", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    const { run, gen } = await textRun(token, cred, "[[refuse]] something");
    expect(nodeOf(run, gen)[0]?.error).toContain("refused");
    expect(["COMPLETED", "FAILED"]).toContain(run.status);
  });

  it("a 200 that is no answer fails a streamed (signed-in) run's node as a plain run's, never an empty success", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    for (const [directive, says] of [
      ["[[garbage]]", /openai failed \(200\): .*no stream/],
      // A plain completion to a stream request (some OpenAI-compatible servers): a clear failure, not "".
      ["[[nostream]]", /application\/json/],
    ] as const) {
      const marker = uid("m");
      const { run, gen } = await textRun(token, cred, `${directive} ${marker}`);
      const calls = (await (await fetch(`${env.FAKE_MODEL_SERVER}/calls?contains=${marker}`)).json()) as {
        calls: { stream: boolean }[];
      };
      expect(calls.calls[0]?.stream).toBe(true);
      const [exec] = nodeOf(run, gen);
      expect(exec?.status).toBe("FAILED");
      expect(exec?.error).toMatch(says);
      expect(run.outputs.answer ?? []).toEqual([]);
    }
  });

  it("an Ollama host chosen in the graph is behind the SSRF guard; the operator's host is not", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "ollama", "unused");
    const own = await textRun(token, cred, "local model", "llama3.2");
    expect(own.run.outputs.answer).toEqual(["Echo: local model"]);
    const gen = uid("gen");
    const g = await createGraph(
      token,
      graphJson(
        "ollama elsewhere",
        [
          {
            id: gen,
            block_id: AI.text,
            input_default: { prompt: "x", model: "llama3.2", credentials: cred, ollama_host: "127.0.0.1:1", retry: 1 },
          },
        ],
        [],
      ),
    );
    const run = await runToEnd(token, g.id);
    expect(run.node_executions[0]?.error).toMatch(/not allowed/);
  });
});

describe("structured, list and condition blocks", () => {
  it("return parsed JSON, a list item by item, and a yes branch", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    const s = uid("s");
    const l = uid("l");
    const c = uid("c");
    const g = await createGraph(
      token,
      graphJson(
        "structured",
        [
          {
            id: s,
            block_id: AI.structured,
            input_default: {
              prompt: 'Give [[json:{"city": "Paris", "country": "France"}]]',
              expected_format: { city: "c", country: "k" },
              model: "gpt-4o",
              credentials: cred,
            },
          },
          { id: l, block_id: AI.list, input_default: { focus: "greek letters", model: "gpt-4o", credentials: cred } },
          {
            id: c,
            block_id: AI.condition,
            input_default: { input_value: "x", condition: "[[say:true]] it is", model: "gpt-4o", credentials: cred },
          },
        ],
        [],
      ),
    );
    const run = await runToEnd(token, g.id);
    expect(nodeOf(run, s)[0]?.output.response).toEqual([{ city: "Paris", country: "France" }]);
    expect(nodeOf(run, l)[0]?.output.list_item).toEqual(["alpha", "beta"]);
    expect(nodeOf(run, c)[0]?.output.result).toEqual([true]);
  });

  it("a condition on a reasoning model answers: its hidden reasoning has room in the output budget", async () => {
    // With AutoGPT's 16 output tokens OpenAI's o-series spend them all thinking and answer "" (finish "length").
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    const c = uid("c");
    const g = await createGraph(
      token,
      graphJson(
        "condition-o3",
        [
          {
            id: c,
            block_id: AI.condition,
            input_default: { input_value: "x", condition: "[[say:true]] it is", model: "o3-mini", credentials: cred },
          },
        ],
        [],
      ),
    );
    const run = await runToEnd(token, g.id);
    const [exec] = nodeOf(run, c);
    expect(exec?.output.error).toBeUndefined();
    expect(exec?.output.result).toEqual([true]);
    expect(exec?.status).toBe("COMPLETED");
  });

  it("an answer cut off before its first word says the output budget ran out, not that the answer was unclear", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    const gen = uid("gen");
    const g = await createGraph(
      token,
      graphJson(
        "text-o3",
        [
          {
            id: gen,
            block_id: AI.text,
            input_default: { prompt: "Hello", model: "o3-mini", max_tokens: 100, credentials: cred, retry: 1 },
          },
        ],
        [],
      ),
    );
    const run = await runToEnd(token, g.id);
    const [exec] = nodeOf(run, gen);
    expect(exec?.status).toBe("FAILED");
    expect(exec?.output.error?.[0]).toContain("used its whole output budget (100 tokens) before answering");
    expect(exec?.output.error?.[0]).toContain("reasoning");
  });
});

describe("credentials of sub-agents", () => {
  it("a sub-agent built without keys uses the run owner's credentials of its parent run", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", `sk-parent-${crypto.randomUUID()}`);
    const childGen = uid("child-gen");
    const childOut = uid("child-out");
    // No credentials on the child's AI node: alone it cannot run.
    const child = await createGraph(
      token,
      graphJson(
        "keyless writer",
        [
          { id: childGen, block_id: AI.text, input_default: { prompt: "from the child", model: "gpt-4o-mini" } },
          { id: childOut, block_id: BLOCK.output, input_default: { name: "answer" } },
        ],
        [[childGen, "response", childOut, "value"]],
      ),
    );
    const alone = await api(`/graphs/${child.id}/execute?wait=30`, { token, json: { inputs: {} } });
    expect(alone.status).toBe(400);
    const gen = uid("gen");
    const agent = uid("agent");
    const out = uid("out");
    const parent = await createGraph(
      token,
      graphJson(
        "parent with a key",
        [
          {
            id: gen,
            block_id: AI.text,
            input_default: { prompt: "from the parent", model: "gpt-4o-mini", credentials: cred },
          },
          agentNode(agent, child.id, { output_schema: { type: "object", properties: { answer: {} } } }),
          { id: out, block_id: BLOCK.output, input_default: { name: "final" } },
        ],
        [
          [gen, "response", agent, "inputs_#_after"],
          [agent, "answer", out, "value"],
        ],
      ),
    );
    const run = await runToEnd(token, parent.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs.final).toEqual(["Echo: from the child"]);
    // The child's model call counts in the parent's tokens and calls as in its cost (and on the agent node itself),
    // so the run's stats and the graph's analytics agree with what was spent.
    const own = statsOf(nodeOf(run, gen)[0] as RunBody["node_executions"][number]) as NodeStats;
    const sub = statsOf(nodeOf(run, agent)[0] as RunBody["node_executions"][number]) as NodeStats;
    expect(sub.llm_call_count).toBe(1);
    expect(sub.input_token_count).toBeGreaterThan(0);
    const total = run.stats as RunBody["stats"] & NodeStats;
    expect(total.llm_call_count).toBe(2);
    expect(total.input_token_count).toBe(own.input_token_count + sub.input_token_count);
    expect(total.output_token_count).toBe(own.output_token_count + sub.output_token_count);
    expect(total.cost).toBeCloseTo(own.cost + sub.cost, 10);
  });
});

describe("SmartDecisionMaker agent mode", () => {
  it("calls a calculator and a sub-agent as tools and answers in three turns", async () => {
    const { token } = await newUser();
    const secret = `sk-agent-${crypto.randomUUID()}`;
    const cred = await addKey(token, "openai", secret);
    // The sub-agent: value + 1.
    const subIn = uid("sub-in");
    const subCalc = uid("sub-calc");
    const subOut = uid("sub-out");
    const sub = await createGraph(
      token,
      graphJson(
        "plus one",
        [
          { id: subIn, block_id: BLOCK.input, input_default: { name: "value" } },
          { id: subCalc, block_id: BLOCK.calculator, input_default: { operation: "Add", b: 1 } },
          { id: subOut, block_id: BLOCK.output, input_default: { name: "answer" } },
        ],
        [
          [subIn, "result", subCalc, "a"],
          [subCalc, "result", subOut, "value"],
        ],
      ),
    );
    const sdm = uid("sdm");
    const calc = uid("calc");
    const agent = uid("agent");
    const out = uid("out");
    const g = await createGraph(
      token,
      graphJson(
        "agent with tools",
        [
          {
            id: sdm,
            block_id: AI.sdm,
            input_default: {
              prompt: "[[agent]] What is 6 times 7, plus one?",
              model: "gpt-4o",
              credentials: cred,
              agent_mode_max_iterations: 5,
            },
          },
          { id: calc, block_id: BLOCK.calculator, input_default: {} },
          {
            ...agentNode(agent, sub.id, {
              input_schema: {
                type: "object",
                properties: { value: { type: "string", description: "The number" } },
                required: ["value"],
              },
              output_schema: { type: "object", properties: { answer: {} } },
            }),
            metadata: { customized_name: "plus_one" },
          },
          { id: out, block_id: BLOCK.output, input_default: { name: "final" } },
        ],
        [
          [sdm, `tools_^_${calc}_~_a`, calc, "a"],
          [sdm, `tools_^_${calc}_~_b`, calc, "b"],
          [sdm, `tools_^_${calc}_~_operation`, calc, "operation"],
          [sdm, `tools_^_${agent}_~_value`, agent, "value"],
          [sdm, "finished", out, "value"],
        ],
      ),
    );
    const run = await runToEnd(token, g.id);
    expect(run.status).toBe("COMPLETED");
    expect(String(run.outputs.final?.[0])).toMatch(/^The answer is 43\./);
    const [decider] = nodeOf(run, sdm);
    expect(statsOf(decider as RunBody["node_executions"][number])?.llm_call_count).toBe(3);
    // The tools ran as node executions of this run, with the model's arguments.
    expect(nodeOf(run, calc).map((e) => [e.status, e.input.a, e.input.operation, e.output.result])).toEqual([
      ["COMPLETED", 6, "Multiply", [42]],
    ]);
    expect(nodeOf(run, agent).map((e) => [e.status, e.output.answer])).toEqual([["COMPLETED", [43]]]);
    const conversation = decider?.output.conversations?.at(-1) as { role: string }[];
    expect(conversation.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
    ]);
    expect(JSON.stringify(run)).not.toContain(secret);
  });

  it("traditional mode routes the chosen tool call along the tool pins", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    const sdm = uid("sdm");
    const calc = uid("calc");
    const out = uid("out");
    const g = await createGraph(
      token,
      graphJson(
        "one decision",
        [
          {
            id: sdm,
            block_id: AI.sdm,
            input_default: { prompt: "[[agent]] multiply", model: "gpt-4o", credentials: cred },
          },
          { id: calc, block_id: BLOCK.calculator, input_default: {} },
          { id: out, block_id: BLOCK.output, input_default: { name: "product" } },
        ],
        [
          [sdm, `tools_^_${calc}_~_a`, calc, "a"],
          [sdm, `tools_^_${calc}_~_b`, calc, "b"],
          [sdm, `tools_^_${calc}_~_operation`, calc, "operation"],
          [calc, "result", out, "value"],
        ],
      ),
    );
    const run = await runToEnd(token, g.id);
    expect(run.outputs.product).toEqual([42]);
  });
});

describe("SmartDecisionMaker's check of tool calls", () => {
  it("tells the model (and the node error) that arguments which are not JSON are invalid JSON", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    const sdm = uid("sdm");
    const calc = uid("calc");
    const g = await createGraph(
      token,
      graphJson(
        "bad arguments",
        [
          {
            id: sdm,
            block_id: AI.sdm,
            input_default: { prompt: "[[badargs]] add", model: "gpt-4o", credentials: cred, retry: 2 },
          },
          { id: calc, block_id: BLOCK.calculator, input_default: {} },
        ],
        [
          [sdm, `tools_^_${calc}_~_a`, calc, "a"],
          [sdm, `tools_^_${calc}_~_b`, calc, "b"],
          [sdm, `tools_^_${calc}_~_operation`, calc, "operation"],
        ],
      ),
    );
    const run = await runToEnd(token, g.id);
    const [decider] = nodeOf(run, sdm);
    expect(decider?.status).toBe("FAILED");
    expect(decider?.error).toContain("has invalid JSON arguments");
    expect(decider?.error).not.toContain("Missing required parameters");
  });
});

/** Imports an export, binds a credential to every field its credentials_input_schema lists, runs it to the end. */
async function importAndRun(token: string, file: unknown, creds: Meta[]) {
  const imported = await api("/graphs/import", { token, json: file });
  expect(imported.status).toBe(201);
  const { graph } = (await imported.json()) as {
    graph: {
      id: string;
      credentials_input_schema: { properties?: Record<string, { credentials_provider?: string[] }> };
    };
  };
  const fields = Object.entries(graph.credentials_input_schema.properties ?? {});
  const credentials_inputs = Object.fromEntries(
    fields.map(([field, schema]) => [field, creds.find((c) => schema.credentials_provider?.includes(c.provider))]),
  );
  const res = await api(`/graphs/${graph.id}/execute?wait=30`, { token, json: { inputs: {}, credentials_inputs } });
  if (res.status !== 200) throw new Error(`execute: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; status: string; outputs: Record<string, unknown[]> };
}

describe("AutoGPT exports with AI blocks", () => {
  it("the AI examples run to COMPLETED against the fakes, no secret in their records", async () => {
    const { token } = await newUser();
    const secrets = [`sk-oa-${crypto.randomUUID()}`, `sk-an-${crypto.randomUUID()}`, `jina-${crypto.randomUUID()}`];
    const creds = [
      await addKey(token, "openai", secrets[0] as string),
      await addKey(token, "anthropic", secrets[1] as string),
      await addKey(token, "jina", secrets[2] as string),
    ];
    const email = await importAndRun(token, emailFinderAgent, creds);
    expect(email.status).toBe("COMPLETED");
    expect(email.outputs.Email).toEqual(["contact@example.com"]);
    const fn = await importAndRun(token, aiFunctionAgent, creds);
    expect(fn.status).toBe("COMPLETED");
    // The calculator export has one node with no values and no inputs: like AutoGPT, it is refused, naming the pins.
    await expect(importAndRun(token, testingAgent, creds)).rejects.toThrow(
      /execute: 400 .*required input \\"operation\\"/,
    );
    for (const run of [email, fn]) {
      const full = JSON.stringify(await getRun(token, run.id));
      for (const secret of secrets) expect(full).not.toContain(secret);
    }
  });

  it("the AI function agent imports and runs to COMPLETED with credentials_inputs", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-ok");
    const imported = await api("/graphs/import", { token, json: aiFunctionAgent });
    expect(imported.status).toBe(201);
    const { graph } = (await imported.json()) as {
      graph: { id: string; credentials_input_schema: { properties: Record<string, unknown> } };
    };
    const id = graph.id;
    const fields = Object.keys(graph.credentials_input_schema.properties);
    expect(fields.length).toBe(1);
    const res = await api(`/graphs/${id}/execute?wait=30`, {
      token,
      json: { inputs: {}, credentials_inputs: Object.fromEntries(fields.map((f) => [f, cred])) },
    });
    expect(res.status).toBe(200);
    const run = (await res.json()) as { status: string; outputs: Record<string, unknown[]> };
    expect(run.status).toBe("COMPLETED");
    expect(String(run.outputs.return?.[0])).toMatch(/^Echo: 20/);
  });
});
