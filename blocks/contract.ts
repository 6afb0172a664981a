// The Block contract: what a block is, what it may touch (only `ctx`), and how it is tested.
// Pure TypeScript: no Worker, Durable Object or Cloudflare imports, so blocks run anywhere.
import { z } from "zod";
import type { ToolTarget } from "../engine/tool-targets";
import type { ModelUsage, UsageTotals } from "../engine/usage";
import type { BlockLimits } from "./runtime/block-limits";
import type { SandboxLimits } from "./sandbox/limits";

/** AutoGPT's BlockType values (backend/data/block.py). */
export const BlockType = z.enum(["STANDARD", "INPUT", "OUTPUT", "NOTE", "AGENT", "AI", "WEBHOOK", "HUMAN_IN_THE_LOOP"]);
export type BlockType = z.infer<typeof BlockType>;

/** AutoGPT's BlockCategory names. */
export const BlockCategory = z.enum([
  "AI",
  "SOCIAL",
  "TEXT",
  "SEARCH",
  "BASIC",
  "INPUT",
  "OUTPUT",
  "LOGIC",
  "COMMUNICATION",
  "DEVELOPER_TOOLS",
  "DATA",
  "HARDWARE",
  "AGENT",
  "CRM",
  "SAFETY",
  "PRODUCTIVITY",
  "ISSUE_TRACKING",
  "MULTIMEDIA",
  "MARKETING",
]);
export type BlockCategory = z.infer<typeof BlockCategory>;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Ids of the run a block executes in. */
export type BlockRunIds = {
  userId: string;
  graphId: string;
  graphVersion: number;
  graphExecId: string;
  nodeId: string;
  nodeExecId: string;
};

export type StoredFile = { uri: string; name: string; contentType: string; size: number };

export type BlockLogger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

/**
 * Everything a block may do to the outside world. The Durable Object builds the real one
 * (SSRF-guarded fetch, R2, D1 key-values, the credentials vault); test vectors pass fakes.
 */
export type BlockContext = {
  ids: BlockRunIds;
  /**
   * Outbound HTTP with the SSRF guard, size and time limits applied: for any URL a user may steer. Exempt from the
   * address checks only on the operator's OUTBOUND_ALLOW_HOSTS, never because a URL names an operator endpoint.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * `fetch` for a URL a block built from `endpoints[endpoint]`: a URL under that configured base URL (same
   * origin, path within the base's path) also skips the address checks, so a user's text appended to the base
   * cannot walk elsewhere. Never for a URL a user supplied. Absent in plain test vectors: blocks use `fetch`.
   */
  endpointFetch?(endpoint: OperatorEndpoint, input: string | URL | Request, init?: RequestInit): Promise<Response>;
  files: {
    put(name: string, data: ArrayBuffer | Uint8Array | string, contentType?: string): Promise<StoredFile>;
    get(uri: string): Promise<{ data: Uint8Array; contentType: string; name: string } | null>;
  };
  /** Persisted key-values (PersistInformation / RetrieveInformation); scope is "user" or "agent". */
  kv: {
    get(scope: string, key: string): Promise<Json | undefined>;
    set(scope: string, key: string, value: Json): Promise<void>;
  };
  credentials: {
    /** The run owner's credential with this id, decrypted; null when unknown or someone else's. */
    get(id: string): Promise<ResolvedCredentials | null>;
  };
  logger: BlockLogger;
  /**
   * Service endpoints the operator configured (base URLs from the Worker's env); unset ones are absent and the
   * block uses the public default. Requests under them through `endpointFetch` skip the SSRF address check (they
   * may be loopback: a local model or search server); user-supplied URLs never do.
   */
  endpoints?: OperatorEndpoints;
  /** Aborted when the run is cancelled or the node times out. */
  signal: AbortSignal;
  /** The user's timezone (IANA name) for time blocks. */
  timezone: string;
  now(): Date;
  /** Limits of the code sandbox (ExecuteCodeBlock) from the Worker's configuration; the defaults when absent. */
  sandboxLimits?: SandboxLimits;
  /** Bounds on text blocks parse and match, from the Worker's configuration; the defaults when absent. */
  limits?: BlockLimits;
  /**
   * Engine services for AGENT and HUMAN_IN_THE_LOOP blocks; absent for ordinary blocks and in
   * plain test vectors. The engine helper owns their shape.
   */
  engine?: EngineServices;
  /**
   * Model-provider services for AI blocks: the operator's endpoints, token accounting and live text. Absent in
   * plain test vectors (blocks then use the public endpoints through `fetch`).
   */
  models?: ModelServices;
};

export type { ModelUsage };

/** Filled in by the engine for AI blocks (durable-objects/block-context.ts builds it). */
export type ModelServices = {
  /** Operator-set provider endpoints (OPENAI_BASE_URL, ANTHROPIC_BASE_URL, OLLAMA_HOST). */
  endpoints: { openaiBaseUrl?: string; anthropicBaseUrl?: string; ollamaHost?: string };
  /**
   * Fetch for the operator's own endpoints only: they may be loopback (a local model), so no SSRF guard.
   * Hosts a user chose (a graph's ollama_host, an openai_compatible base_url) go through `ctx.fetch`.
   */
  operatorFetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  recordUsage(usage: ModelUsage): void;
  /** Text generated so far, while it streams (the host throttles what it forwards). */
  onText?(text: string): void;
  /**
   * Whether anyone watches the live text right now; when not, a call that would stream makes a plain request
   * instead (fewer round trips through the stream machinery). Absent: always stream when `onText` is set.
   */
  textListening?(): boolean;
  /** Cloudflare Workers AI binding, when the deployment has one. */
  workersAi?: unknown;
  /** Bounds of one model call (MODEL_* variables); defaults in blocks/llm/call.ts. */
  limits?: Partial<ModelCallLimits>;
};

export type ModelCallLimits = {
  /** How often a 429 is retried within one call, waiting the provider's retry-after. */
  rateLimitRetries: number;
  /** The longest retry-after honoured; a longer one fails the call at once. */
  maxRetryAfterMs: number;
  /** One model request's time budget. */
  callTimeoutMs: number;
};

export type { ToolTarget };

/** What one tool node execution produced. */
export type ToolRunResult = { outputs: ReadonlyArray<readonly [pin: string, value: unknown]>; error: string | null };

/** Names of the operator-configured endpoints (same as their env variables). */
export const OPERATOR_ENDPOINTS = [
  "JINA_SEARCH_URL",
  "JINA_READER_URL",
  "OPENAI_BASE_URL",
  "ANTHROPIC_BASE_URL",
  "OLLAMA_HOST",
] as const;
export type OperatorEndpoint = (typeof OPERATOR_ENDPOINTS)[number];
export type OperatorEndpoints = Readonly<Partial<Record<OperatorEndpoint, string>>>;

/**
 * A credential as a block receives it at run time (never stored in a run). `secret` holds the secret fields:
 * `{api_key}` for api_key (may be empty for ollama / openai_compatible), `{username, password}` for
 * user_password, and for host_scoped the headers to send (header name → value), which apply only to `host`.
 */
export type ResolvedCredentials = {
  id: string;
  provider: string;
  type: string;
  title: string;
  secret: Record<string, string>;
  /** host_scoped: the host (or `*.domain` pattern) the headers are for. */
  host?: string;
  /** ollama / openai_compatible: the user's endpoint (user-supplied, so still behind the SSRF guard). */
  base_url?: string;
};

/** A reviewer's answer to a HumanInTheLoop pause. `data` is the (possibly edited) reviewed data. */
export type ReviewDecision = { approved: boolean; data: unknown; message: string };

/** How a sub-run ended, for AgentExecutorBlock. `outputs` are its output nodes' values in order. */
export type SubRunResult = {
  executionId: string;
  status: "COMPLETED" | "FAILED" | "TERMINATED";
  outputs: ReadonlyArray<readonly [name: string, value: unknown]>;
  error: string | null;
  /** US cents: the whole sub-run's model spend, its own sub-runs included (as `usage.cost`). */
  cost: number;
  /** The whole sub-run's model tokens, calls and cost, its own sub-runs included. Absent in reports from before it. */
  usage?: UsageTotals;
  nodeExecCount: number;
};

/**
 * Filled in by the engine for blocks that need it (sub-agents, human review). Owned by the engine
 * (durable-objects/block-context.ts builds it).
 */
export type EngineServices = {
  /**
   * The reviewer's decision for this node execution, or undefined when none exists yet: the engine has
   * then recorded a pending review, and the block should return without output — the node pauses in
   * REVIEW and runs again once reviewed (AutoGPT's `if decision is None: return`).
   */
  review(request: { data: unknown; name: string; editable: boolean }): Promise<ReviewDecision | undefined>;
  /**
   * Runs another graph of the same owner as a child run in its own Durable Object and resolves when it
   * is final (the child calls back; nothing polls). Cancelling the parent cancels the child.
   */
  runGraph(request: { graphId: string; graphVersion?: number; inputs: Record<string, unknown> }): Promise<SubRunResult>;
  /** The nodes linked from this node's tool pins (SmartDecisionMaker), grouped per node. */
  tools?(): ToolTarget[];
  /**
   * Runs one tool node of this run with the given input (merged over its defaults) as a node execution of the run,
   * and resolves with its outputs (SmartDecisionMaker's agent mode).
   */
  runTool?(nodeId: string, input: Record<string, unknown>): Promise<ToolRunResult>;
};

/** A block that fails with this may be retried under the node's retry policy. */
export class RetryableError extends Error {
  override name = "RetryableError";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A failure that retries cannot fix (bad input, 4xx from an API, ...). */
export class NonRetryableError extends Error {
  override name = "NonRetryableError";
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** What `run` yields: a pin name and its value. AGENT blocks yield dynamic pin names. */
export type BlockYield<O extends AnyObject> =
  | { [K in keyof z.output<O> & string]: readonly [K, z.output<O>[K]] }[keyof z.output<O> & string]
  | readonly ["error", string];

/** An expected output: a literal value (deep-equal) or a predicate. */
export type ExpectedValue = unknown | ((value: unknown) => boolean);

export type BlockTestVector = {
  name?: string;
  input: Record<string, unknown>;
  /** Outputs in order, as AutoGPT's test_output: too many or too few fails. */
  expect: ReadonlyArray<readonly [string, ExpectedValue]>;
  /** Fakes for ctx (fetch, kv, files, now, ...), merged over the harness defaults. */
  ctx?: Partial<BlockContext>;
};

export type BlockDefinition<I extends AnyObject = AnyObject, O extends AnyObject = AnyObject> = {
  /** Stable UUID: AutoGPT's where the block matches, so exported agents import unchanged. */
  id: string;
  /** AutoGPT's class name where it matches; always ends in "Block". */
  name: string;
  description: string;
  categories: BlockCategory[];
  blockType: BlockType;
  /** Outgoing links are forced static (values reused by every later execution of the sink). */
  staticOutput: boolean;
  input: I;
  /** Output pins; `error` is added by defineBlock. */
  output: O;
  /** Output pins are dynamic (AgentExecutorBlock): yielded names are not checked against `output`. */
  dynamicOutput?: boolean;
  /** Default per-node timeout; a node's metadata may override it. */
  timeoutMs?: number;
  /**
   * Works on its input alone: no ctx I/O (fetch, files, kv, credentials, engine services; they throw for such a
   * block) and no timers, so it finishes in the event-loop turn it starts in. The engine then writes its node once
   * (with the result) instead of also writing it as RUNNING before it starts.
   */
  inMemory?: boolean;
  run(input: z.output<I>, ctx: BlockContext): AsyncGenerator<BlockYield<O>, void, undefined>;
  tests: BlockTestVector[];
};

export const errorPin = z.string().describe("Error message if the block failed");

type DefineArgs<I extends AnyObject, O extends AnyObject> = Omit<
  BlockDefinition<I, O>,
  "blockType" | "staticOutput" | "output"
> & {
  blockType?: BlockType;
  staticOutput?: boolean;
  output: O;
};

/** Declares a block: fills defaults and adds the `error` output pin every block has. */
export function defineBlock<I extends AnyObject, O extends AnyObject>(def: DefineArgs<I, O>) {
  return {
    ...def,
    blockType: def.blockType ?? "STANDARD",
    staticOutput: def.staticOutput ?? false,
    output: def.output.extend({ error: errorPin }),
  } as unknown as BlockDefinition<I, O>;
}

/** A block of any schema, as stored in the registry. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds blocks of every schema
export type AnyBlock = BlockDefinition<any, any>;
