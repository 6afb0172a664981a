// Limits that used to be fixed in code are read from the Worker's env (wrangler.toml [vars], README "Limits"):
// each parser keeps its default for an unset or bad value, and a small value set on one run object's env takes
// effect in that run (the run object reads `this.env` when it starts a run, runs a node or builds a view).
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { blockLimitsFromEnv, DEFAULT_BLOCK_LIMITS } from "../blocks/runtime/block-limits";
import { DEFAULT_SAFE_FETCH_LIMITS, safeFetchLimitsFromEnv } from "../blocks/runtime/safe-fetch";
import { compileUserRegex, regexInput } from "../blocks/runtime/safe-regex";
import { configureTemplateLimits, renderTemplate } from "../blocks/runtime/template";
import { DEFAULT_SANDBOX_LIMITS, sandboxLimitsFromEnv } from "../blocks/sandbox/limits";
import type { StartRequest } from "../durable-objects/graph-run";
import {
  DEFAULT_INLINE_VALUE_BYTES,
  DEFAULT_MAX_NODE_EXECUTIONS,
  DEFAULT_RELEASE_AFTER_MS,
  DEFAULT_RUN_VIEW_BYTES,
  defaultNodeTimeoutMs,
  inlineValueBytes,
  maxNodeExecutions,
  releaseAfterMs,
  runOptionDefaults,
  runViewBytes,
} from "../durable-objects/run-limits";
import { DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET, maxSubscriptionsPerSocket } from "../durable-objects/socket-access";
import { DEFAULT_NODE_TIMEOUT_MS, nodeTimeoutMs } from "../engine/run-rules";
import { runStub } from "../worker/executions/run-stub";
import {
  DEFAULT_DISCOVER_MAX_BYTES,
  DEFAULT_DISCOVER_TIMEOUT_MS,
  discoverLimits,
  discoverMcpTools,
} from "../worker/mcp/discover-tools";
import {
  BLOCK,
  createGraph,
  execute,
  graphJson,
  type LinkSpec,
  type NodeSpec,
  newUser,
  runObject,
  uid,
} from "./engine-helpers";

const JSON_PARSE = "5ee7792b-20d8-4a37-ac85-e3c5577e190f";
const MATCH_TEXT = "3060088f-6ed9-4928-9ba7-9c92823a7ccd";
const SEND_WEB_REQUEST = "6595ae1f-b924-42cb-9a41-551a0611c4b4";
const EXECUTE_CODE = "0b02b072-abe7-11ef-8372-fb5d162dd712";
const FILE_STORE = "cbb50872-625b-42f0-8203-a2ae78242d8a";
const ZIP_LISTS = "0d0e684f-5cb9-4c4b-b8d1-47a0860e0c07";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `nodes` in a fresh run object whose env carries `overrides`; answers the run's view once it finished (or
 * at once, with `wait: false`).
 */
async function runWith(overrides: Record<string, string>, nodes: NodeSpec[], links: LinkSpec[] = [], wait = true) {
  const { userId } = await newUser();
  const executionId = crypto.randomUUID();
  await runInDurableObject(runObject(executionId), (instance) => {
    (instance as unknown as { env: Env }).env = { ...env, ...overrides } as Env;
  });
  const started = await runStub(env, executionId).start({
    executionId,
    ownerId: userId,
    graphId: crypto.randomUUID(),
    graphVersion: 1,
    graph: graphJson("limits", nodes, links) as StartRequest["graph"],
    inputs: {},
    ...(wait ? { waitMs: 20_000 } : {}),
  });
  expect(started).toMatchObject({ ok: true });
  const view = await runStub(env, executionId).view(userId);
  if (!view) throw new Error("run not found");
  return { view, executionId, userId };
}

const node = (block_id: string, input_default: Record<string, unknown>, id = uid("n")): NodeSpec => ({
  id,
  block_id,
  input_default,
});

describe("limit parsers: the default for unset, non-numeric, fractional or non-positive values", () => {
  afterEach(() => configureTemplateLimits({}));

  it("run object limits", () => {
    for (const bad of [undefined, "", "abc", "0", "-5", "1.5"]) {
      expect(maxNodeExecutions({ MAX_NODE_EXECUTIONS: bad })).toBe(DEFAULT_MAX_NODE_EXECUTIONS);
      expect(inlineValueBytes({ MAX_INLINE_VALUE_BYTES: bad })).toBe(DEFAULT_INLINE_VALUE_BYTES);
      expect(runViewBytes({ MAX_RUN_VIEW_BYTES: bad })).toBe(DEFAULT_RUN_VIEW_BYTES);
      expect(releaseAfterMs({ RUN_RELEASE_AFTER_MS: bad })).toBe(DEFAULT_RELEASE_AFTER_MS);
    }
    expect([DEFAULT_MAX_NODE_EXECUTIONS, DEFAULT_INLINE_VALUE_BYTES, DEFAULT_RUN_VIEW_BYTES]).toEqual([
      10_000,
      128 * 1024,
      16 * 1024 * 1024,
    ]);
    expect(DEFAULT_RELEASE_AFTER_MS).toBe(250);
    for (const bad of [undefined, "", "abc", "0", "-5", "1.5"]) {
      expect(
        runOptionDefaults({ RUN_TIMEOUT_MS: bad, RUN_STALL_MS: bad, RUN_CONCURRENCY: bad, MAX_NODE_EXECUTIONS: bad }),
      ).toEqual({ maxNodeExecutions: 10_000, runTimeoutMs: 3_600_000, stallMs: 600_000, concurrency: 16 });
      expect(defaultNodeTimeoutMs({ NODE_TIMEOUT_MS: bad })).toBe(DEFAULT_NODE_TIMEOUT_MS);
    }
    expect(DEFAULT_NODE_TIMEOUT_MS).toBe(300_000);
    expect(
      runOptionDefaults({ RUN_TIMEOUT_MS: "1", RUN_STALL_MS: "2", RUN_CONCURRENCY: "3", MAX_NODE_EXECUTIONS: "4" }),
    ).toEqual({ maxNodeExecutions: 4, runTimeoutMs: 1, stallMs: 2, concurrency: 3 });
    expect(defaultNodeTimeoutMs({ NODE_TIMEOUT_MS: "9" })).toBe(9);
    // The engine's rule takes the deployment's default as a parameter; a node's or block's own timeout still wins.
    expect(nodeTimeoutMs({}, undefined, false, 1234)).toBe(1234);
    expect(nodeTimeoutMs({}, 1000, false, 1234)).toBe(1000);
    expect(nodeTimeoutMs({ timeout_ms: 50 }, undefined, false, 1234)).toBe(50);
    expect(nodeTimeoutMs({}, undefined, true, 1234)).toBe(0);
    expect(maxNodeExecutions({ MAX_NODE_EXECUTIONS: "7" })).toBe(7);
    expect(inlineValueBytes({ MAX_INLINE_VALUE_BYTES: "7" })).toBe(7);
    expect(runViewBytes({ MAX_RUN_VIEW_BYTES: "7" })).toBe(7);
    expect(releaseAfterMs({ RUN_RELEASE_AFTER_MS: "7" })).toBe(7);
  });

  it("block limits and outbound limits", () => {
    for (const bad of [undefined, "", "abc", "0", "-5", "1.5"]) {
      expect(
        blockLimitsFromEnv({
          MAX_PARSED_TEXT_CHARS: bad,
          MAX_REGEX_INPUT_CHARS: bad,
          MAX_REGEX_PATTERN_CHARS: bad,
          MAX_MEDIA_FILE_BYTES: bad,
          MAX_STEP_ITEMS: bad,
          MAX_STEP_ITEMS_JSON_CHARS: bad,
          MAX_OUTPUT_VALUE_CHARS: bad,
        }),
      ).toEqual(DEFAULT_BLOCK_LIMITS);
      expect(sandboxLimitsFromEnv({ CODE_EXEC_STACK_BYTES: bad }).stackBytes).toBe(512 * 1024);
      expect(discoverLimits({ MCP_DISCOVER_TIMEOUT_MS: bad, MCP_DISCOVER_MAX_BYTES: bad })).toEqual({
        timeoutMs: DEFAULT_DISCOVER_TIMEOUT_MS,
        maxBytes: DEFAULT_DISCOVER_MAX_BYTES,
      });
      expect(safeFetchLimitsFromEnv({ OUTBOUND_MAX_BYTES: bad, OUTBOUND_TIMEOUT_MS: bad })).toEqual(
        DEFAULT_SAFE_FETCH_LIMITS,
      );
    }
    expect(DEFAULT_BLOCK_LIMITS).toEqual({
      parsedTextChars: 10 * 1024 * 1024,
      regexInputChars: 1_000_000,
      regexPatternChars: 10_000,
      mediaFileBytes: 25 * 1024 * 1024,
      stepItems: 10_000,
      stepItemsJsonChars: 1024 * 1024,
      outputValueChars: 16 * 1024 * 1024,
    });
    expect(
      blockLimitsFromEnv({
        MAX_PARSED_TEXT_CHARS: "12",
        MAX_REGEX_INPUT_CHARS: "3",
        MAX_REGEX_PATTERN_CHARS: "4",
        MAX_MEDIA_FILE_BYTES: "5",
        MAX_STEP_ITEMS: "6",
        MAX_STEP_ITEMS_JSON_CHARS: "7",
        MAX_OUTPUT_VALUE_CHARS: "8",
      }),
    ).toEqual({
      parsedTextChars: 12,
      regexInputChars: 3,
      regexPatternChars: 4,
      mediaFileBytes: 5,
      stepItems: 6,
      stepItemsJsonChars: 7,
      outputValueChars: 8,
    });
    expect(sandboxLimitsFromEnv({ CODE_EXEC_STACK_BYTES: "65536" })).toEqual({
      ...DEFAULT_SANDBOX_LIMITS,
      stackBytes: 65_536,
    });
    expect([DEFAULT_DISCOVER_TIMEOUT_MS, DEFAULT_DISCOVER_MAX_BYTES]).toEqual([15_000, 2 * 1024 * 1024]);
    expect(discoverLimits({ MCP_DISCOVER_TIMEOUT_MS: "7", MCP_DISCOVER_MAX_BYTES: "8" })).toEqual({
      timeoutMs: 7,
      maxBytes: 8,
    });
    expect(safeFetchLimitsFromEnv({ OUTBOUND_MAX_BYTES: "12", OUTBOUND_TIMEOUT_MS: "34" })).toEqual({
      maxBytes: 12,
      timeoutMs: 34,
      maxRedirects: 5,
    });
    expect(regexInput("abcdef", 3)).toBe("abc");
    expect(() => compileUserRegex("abcdef", {}, 3)).toThrow(
      "Pattern is longer than 3 characters (MAX_REGEX_PATTERN_CHARS)",
    );
    expect(compileUserRegex("abc", {}, 3).matcher("xabc").find()).toBe(true);
  });

  it("template filter width: the parameter, MAX_TEMPLATE_FILTER_WIDTH, and the default for a bad value", () => {
    expect(() => renderTemplate("{{ s | indent(20) }}", { s: "a\nb" }, { filterWidth: 10 })).toThrow(
      /indent\(\) width is larger than 10 \(MAX_TEMPLATE_FILTER_WIDTH\)/,
    );
    configureTemplateLimits({ MAX_TEMPLATE_FILTER_WIDTH: "10" });
    expect(() => renderTemplate("{{ s | indent(20) }}", { s: "a\nb" })).toThrow(/width is larger than 10/);
    expect(renderTemplate("{{ s | indent(5) }}", { s: "a\nb" })).toBe("a\n     b");
    for (const bad of ["0", "-1", "wide"]) {
      configureTemplateLimits({ MAX_TEMPLATE_FILTER_WIDTH: bad });
      expect(renderTemplate("{{ s | indent(500) }}", { s: "a\nb" })).toHaveLength(503);
      expect(() => renderTemplate("{{ s | indent(1001) }}", { s: "a\nb" })).toThrow(/width is larger than 1000/);
    }
  });

  it("template length: the parameter, MAX_TEMPLATE_CHARS, and the default for a bad value", () => {
    expect(() => renderTemplate("{{ a }}{{ b }}", {}, { templateChars: 10 })).toThrow(
      "Template is longer than 10 characters (MAX_TEMPLATE_CHARS)",
    );
    configureTemplateLimits({ MAX_TEMPLATE_CHARS: "10" });
    expect(() => renderTemplate("{{ a }}{{ b }}", { a: 1, b: 2 })).toThrow(/longer than 10 characters/);
    expect(renderTemplate("{{ a }}", { a: 1 })).toBe("1");
    configureTemplateLimits({ MAX_TEMPLATE_CHARS: "-3" });
    expect(renderTemplate(`{{ a }}${" ".repeat(1_000)}`, { a: 1 })).toHaveLength(1_001);
    expect(() => renderTemplate(" ".repeat(100_001), {})).toThrow(/longer than 100000 characters/);
  });
});

describe("each variable reaches the run through the run object's env", () => {
  it("MAX_NODE_EXECUTIONS: the loop guard stops a self-feeding node at the configured count", async () => {
    const [seed, loop] = [uid("seed"), uid("loop")];
    const { view } = await runWith(
      { MAX_NODE_EXECUTIONS: "5" },
      [node(BLOCK.store, { input: 0 }, seed), node(BLOCK.calculator, { operation: "Add", b: 1 }, loop)],
      [
        [seed, "output", loop, "a"],
        [loop, "result", loop, "a"],
      ],
    );
    expect(view.status).toBe("FAILED");
    expect(view.error).toBe("Loop guard: more than 5 node executions in one run");
    // Nowhere near the default 10,000.
    expect(view.node_executions.length).toBeLessThan(10);
  });

  it("MAX_TEMPLATE_FILTER_WIDTH: a FillTextTemplate node fails past the configured width", async () => {
    const { view } = await runWith({ MAX_TEMPLATE_FILTER_WIDTH: "10" }, [
      node(BLOCK.template, { values: { s: "a" }, format: "{{ s | indent(20) }}" }),
    ]);
    expect(view.node_executions[0]).toMatchObject({ status: "FAILED" });
    expect(view.node_executions[0]?.error).toMatch(/width is larger than 10/);
  });

  it("MAX_OUTPUT_VALUE_CHARS: a node whose output value passes the configured characters fails, outputs dropped", async () => {
    const { view } = await runWith({ MAX_OUTPUT_VALUE_CHARS: "100" }, [
      node(BLOCK.template, { values: { s: "x".repeat(300) }, format: "{{ s }}" }),
    ]);
    expect(view.node_executions[0]).toMatchObject({ status: "FAILED", output: {} });
    expect(view.node_executions[0]?.error).toBe(
      'Output "output" is larger than 100 characters of JSON (MAX_OUTPUT_VALUE_CHARS)',
    );
  });

  it("MAX_OUTPUT_VALUE_CHARS: one big value repeated across a list counts each time (ZipLists padding)", async () => {
    const { view } = await runWith({ MAX_OUTPUT_VALUE_CHARS: "1000" }, [
      node(ZIP_LISTS, { lists: [[1, 2, 3, 4, 5, 6], ["y"]], pad_to_longest: true, fill_value: "f".repeat(200) }),
    ]);
    expect(view.node_executions[0]).toMatchObject({ status: "FAILED", output: {} });
    expect(view.node_executions[0]?.error).toContain("characters of JSON (MAX_OUTPUT_VALUE_CHARS)");
  });

  it("MAX_INLINE_VALUE_BYTES: a 300-character output goes to R2 by reference past 100 bytes", async () => {
    const { view } = await runWith({ MAX_INLINE_VALUE_BYTES: "100" }, [
      node(BLOCK.template, { values: { s: "x".repeat(300) }, format: "{{ s }}" }),
    ]);
    expect(view.status).toBe("COMPLETED");
    expect(view.node_executions[0]?.output.output?.[0]).toMatchObject({ $agentflare_ref: expect.any(String) });
  });

  it("MAX_RUN_VIEW_BYTES: values past a 1,000-byte budget are replaced by markers", async () => {
    const { view } = await runWith({ MAX_RUN_VIEW_BYTES: "1000" }, [
      node(BLOCK.template, { values: { s: "x".repeat(2_000) }, format: "{{ s }}" }),
    ]);
    expect(view.status).toBe("COMPLETED");
    expect(view.node_executions[0]?.output.output?.[0]).toMatchObject({
      $agentflare_omitted: { size: 2_002, reason: expect.any(String) },
    });
  });

  it("MAX_PARSED_TEXT_CHARS: JsonParse refuses text longer than the configured characters", async () => {
    const { view } = await runWith({ MAX_PARSED_TEXT_CHARS: "10" }, [
      node(JSON_PARSE, { json_string: '{"a": [1, 2, 3, 4]}' }),
    ]);
    expect(view.node_executions[0]).toMatchObject({ status: "FAILED" });
    expect(view.node_executions[0]?.error).toBe("JSON too large: more than 10 characters (MAX_PARSED_TEXT_CHARS)");
  });

  it("MAX_REGEX_INPUT_CHARS: a pattern sees only the configured number of characters", async () => {
    const { view } = await runWith({ MAX_REGEX_INPUT_CHARS: "5" }, [
      node(MATCH_TEXT, { text: "hello world", match: "world", data: "D" }),
    ]);
    expect(view.status).toBe("COMPLETED");
    expect(view.node_executions[0]?.output).toEqual({ negative: ["D"] });
  });

  it("MAX_REGEX_PATTERN_CHARS: a pattern longer than the configured characters fails the node", async () => {
    const { view } = await runWith({ MAX_REGEX_PATTERN_CHARS: "3" }, [
      node(MATCH_TEXT, { text: "hello world", match: "world", data: "D" }),
    ]);
    expect(view.node_executions[0]).toMatchObject({ status: "FAILED" });
    expect(view.node_executions[0]?.error).toMatch(/Pattern is longer than 3 characters/);
  });

  it("MAX_STEP_ITEMS and MAX_STEP_ITEMS_JSON_CHARS: StepThroughItems fails past the configured sizes", async () => {
    const items = await runWith({ MAX_STEP_ITEMS: "3" }, [node(BLOCK.steps, { items: [1, 2, 3, 4] })]);
    expect(items.view.node_executions[0]).toMatchObject({ status: "FAILED" });
    expect(items.view.node_executions[0]?.error).toMatch(/Too many items: 4 > 3 \(MAX_STEP_ITEMS\)/);
    const text = await runWith({ MAX_STEP_ITEMS_JSON_CHARS: "5" }, [node(BLOCK.steps, { items_str: "[1, 2, 3]" })]);
    expect(text.view.node_executions[0]).toMatchObject({ status: "FAILED" });
    expect(text.view.node_executions[0]?.error).toMatch(/Input too large: 9 > 5 characters/);
  });

  it("OUTBOUND_MAX_BYTES: a block's outbound response larger than the limit fails the node", async () => {
    const url = `${env.FAKE_MCP_SERVER}/no-such-page`;
    const { view } = await runWith({ OUTBOUND_MAX_BYTES: "4" }, [node(SEND_WEB_REQUEST, { url, method: "GET" })]);
    expect(view.node_executions[0]?.error).toMatch(/larger than 4 bytes/);
  });

  it("RUN_RELEASE_AFTER_MS: a finished run's object stays in memory for the configured time", async () => {
    const { executionId } = await runWith({ RUN_RELEASE_AFTER_MS: "60000" }, [
      node(BLOCK.output, { name: "n", value: 7 }),
    ]);
    const mark = (set?: string) =>
      runInDurableObject(runObject(executionId), (instance) => {
        const tagged = instance as unknown as { mark?: string };
        if (set) tagged.mark = set;
        return tagged.mark;
      });
    await mark("kept");
    // The default (250 ms) would have released it well within this.
    await sleep(DEFAULT_RELEASE_AFTER_MS + 1_000);
    expect(await mark()).toBe("kept");
  });

  it("NODE_TIMEOUT_MS: a node with no timeout of its own times out after the configured time", async () => {
    const { view } = await runWith({ NODE_TIMEOUT_MS: "50" }, [node(BLOCK.sleep, { ms: 10_000, value: 1 })]);
    expect(view.node_executions[0]).toMatchObject({ status: "FAILED", error: "Node timed out after 50 ms" });
  });

  it("RUN_CONCURRENCY: with 1, a second ready node waits while the first runs", async () => {
    const { view } = await runWith(
      { RUN_CONCURRENCY: "1" },
      [node(BLOCK.sleep, { ms: 300, value: 1 }), node(BLOCK.sleep, { ms: 300, value: 2 })],
      [],
      false,
    );
    expect(view.node_executions.map((e) => e.status).sort()).toEqual(["QUEUED", "RUNNING"]);
  });

  it("RUN_TIMEOUT_MS and RUN_STALL_MS: the watchdog fails a run past the configured times", async () => {
    const sleeper = [node(BLOCK.sleep, { ms: 10_000, value: 1 })];
    const timedOut = await runWith({ RUN_TIMEOUT_MS: "20" }, sleeper, [], false);
    const stalled = await runWith({ RUN_STALL_MS: "20" }, [node(BLOCK.sleep, { ms: 10_000, value: 1 })], [], false);
    await sleep(40);
    for (const { executionId } of [timedOut, stalled]) await runDurableObjectAlarm(runObject(executionId));
    const timedOutView = await runStub(env, timedOut.executionId).view(timedOut.userId);
    expect(timedOutView).toMatchObject({ status: "FAILED", error: "Run timeout: exceeded 0 s" });
    const stalledView = await runStub(env, stalled.executionId).view(stalled.userId);
    expect(stalledView?.status).toBe("FAILED");
    expect(stalledView?.error).toMatch(/^Watchdog: no progress for \d+ s$/);
  });

  it("RUN_STALL_MS: a retry starting is progress, so its wait and the new attempt are not taken for a stall", async () => {
    const tag = uid("flaky");
    // Attempt 1 fails at once, the retry starts 700 ms later and takes 1.5 s; the watchdog looks at 1.2 s.
    const flaky = {
      ...node(BLOCK.flaky, { failures: 1, tag, ms: 1500 }),
      metadata: { retry: { count: 1, backoff_ms: 700 } },
    };
    const { executionId, userId } = await runWith({ RUN_STALL_MS: "1000" }, [flaky], [], false);
    await sleep(1200);
    await runDurableObjectAlarm(runObject(executionId));
    const view = await runStub(env, executionId).view(userId);
    expect(view?.error ?? null).toBeNull();
    expect(view?.node_executions[0]).toMatchObject({ status: "RUNNING", retry: 1 });
  });

  it("MAX_TEMPLATE_CHARS: a FillTextTemplate node fails on a template longer than the configured characters", async () => {
    const { view } = await runWith({ MAX_TEMPLATE_CHARS: "10" }, [
      node(BLOCK.template, { values: { a: 1 }, format: "{{ a }} and {{ a }}" }),
    ]);
    expect(view.node_executions[0]).toMatchObject({ status: "FAILED" });
    expect(view.node_executions[0]?.error).toMatch(/Template is longer than 10 characters/);
  });

  it("MAX_MEDIA_FILE_BYTES: a block storing a file larger than the configured bytes fails", async () => {
    const { view } = await runWith({ MAX_MEDIA_FILE_BYTES: "4" }, [
      node(FILE_STORE, { file_in: "data:text/plain;base64,aGVsbG8gd29ybGQ=" }),
    ]);
    expect(view.node_executions[0]).toMatchObject({ status: "FAILED" });
    expect(view.node_executions[0]?.error).toMatch(/File is larger than 4 bytes \(MAX_MEDIA_FILE_BYTES\)/);
  });

  it("CODE_EXEC_STACK_BYTES: recursion that fits the default stack overflows a small one", async () => {
    const code = "function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); } depth(500)";
    const small = await runWith({ CODE_EXEC_STACK_BYTES: "16384" }, [node(EXECUTE_CODE, { code, language: "js" })]);
    expect(small.view.node_executions[0]).toMatchObject({ status: "FAILED" });
    expect(small.view.node_executions[0]?.error).toMatch(/RangeError|stack/i);
    const usual = await runWith({}, [node(EXECUTE_CODE, { code, language: "js" })]);
    expect(usual.view.node_executions[0]).toMatchObject({ status: "COMPLETED", output: { response: ["500"] } });
  });
});

describe("the editor's MCP tool listing reads its limits from the Worker's env", () => {
  it("MCP_DISCOVER_MAX_BYTES: a server answering more than the configured bytes is refused", async () => {
    const { userId } = await newUser();
    const request = { server_url: `${env.FAKE_MCP_SERVER}/mcp`, auth_header: "Authorization" };
    const usual = await discoverMcpTools(env, userId, request);
    expect(usual.ok).toBe(true);
    const small = await discoverMcpTools({ ...env, MCP_DISCOVER_MAX_BYTES: "8" } as unknown as Env, userId, request);
    expect(small).toMatchObject({ ok: false, message: expect.stringMatching(/larger than 8 bytes/) });
  });
});

describe("the user's event hub reads its limits from its env", () => {
  it("MAX_SUBSCRIPTIONS_PER_SOCKET: a socket follows at most the configured number of runs", async () => {
    for (const bad of [undefined, "", "abc", "0", "-5", "1.5"]) {
      expect(maxSubscriptionsPerSocket({ MAX_SUBSCRIPTIONS_PER_SOCKET: bad })).toBe(
        DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET,
      );
    }
    expect(DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET).toBe(200);
    const { token, userId } = await newUser();
    const out = uid("out");
    const graph = await createGraph(
      token,
      graphJson("one", [{ id: out, block_id: BLOCK.output, input_default: { name: "n", value: 1 } }], []),
    );
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await execute(token, graph.id, {}, 30);
      runs.push(((await res.json()) as { id: string }).id);
    }
    await runInDurableObject(env.EVENT_HUB.get(env.EVENT_HUB.idFromName(userId)), (instance) => {
      (instance as unknown as { env: Env }).env = { ...env, MAX_SUBSCRIPTIONS_PER_SOCKET: "1" } as unknown as Env;
    });
    const res = await exports.default.fetch(
      new Request(`http://local.test/api/v1/ws?token=${encodeURIComponent(token)}`, {
        headers: { Upgrade: "websocket" },
      }),
    );
    expect(res.status).toBe(101);
    const ws = res.webSocket as WebSocket;
    ws.accept();
    const replies: { method: string; success?: boolean; error?: string }[] = [];
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { method: string; success?: boolean; error?: string };
      if (message.method === "subscribe_graph_execution") replies.push(message);
    });
    for (const id of runs) {
      const before = replies.length;
      ws.send(JSON.stringify({ method: "subscribe_graph_execution", data: { graph_exec_id: id } }));
      await expect.poll(() => replies.length, { timeout: 10_000 }).toBeGreaterThan(before);
    }
    ws.close();
    expect(replies[0]).toMatchObject({ success: true });
    expect(replies[1]).toMatchObject({
      success: false,
      error: "Too many subscriptions on this socket (at most 1, MAX_SUBSCRIPTIONS_PER_SOCKET)",
    });
  });
});
