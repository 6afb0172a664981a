// The engine core: AutoGPT's execution semantics as a state machine over plain data.
// It owns the node executions of one run (pin queues, readiness, static links, routing, statuses) and
// records which executions changed, so its host (the GraphRun Durable Object) persists exactly those in
// one transaction per step. It never performs I/O and never runs a block.
import { mergeExecutionInput, parseExecutionOutput } from "../graph/dynamic-pins";
import type { Link } from "../graph/schema";
import { requiredInputs } from "./block-catalog";
import type { GraphIndex, IndexedNode } from "./graph-index";
import type { NodeExec, PinValue } from "./node-exec";
import { nodeDefaults, validateExec } from "./readiness";
import { type ExecutionStatus, transition } from "./status";

export type EngineOptions = {
  newId?: () => string;
  now?: () => number;
};

export type StartError = { node_id: string; pin: string; message: string };

export class RunEngine {
  private readonly execs = new Map<string, NodeExec>();
  /** Every execution of a node, in creation order. */
  private readonly byNode = new Map<string, NodeExec[]>();
  /** Per (node, pin): index into byNode of the earliest exec that may still take that pin. */
  private readonly pinCursor = new Map<string, number>();
  /** The most recently queued execution per node (static pins are filled from its input). */
  private readonly lastQueued = new Map<string, NodeExec>();
  private readonly queue: NodeExec[] = [];
  private queueHead = 0;
  private readonly dirty = new Set<NodeExec>();
  private nextSeq = 0;
  private started = 0;
  private readonly newId: () => string;
  private readonly now: () => number;

  constructor(
    readonly graph: GraphIndex,
    restored: readonly NodeExec[] = [],
    options: EngineOptions = {},
  ) {
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.now = options.now ?? Date.now;
    const ordered = [...restored].sort((a, b) => a.seq - b.seq);
    for (const exec of ordered) {
      this.index(exec);
      if (exec.startedAt !== null && !exec.reused) this.started++;
    }
    const queued = ordered.filter((e) => e.status === "QUEUED");
    queued.sort((a, b) => (a.queuedAt ?? 0) - (b.queuedAt ?? 0) || a.seq - b.seq);
    this.queue.push(...queued);
    for (const exec of ordered) {
      if (exec.status === "INCOMPLETE" || exec.queuedAt === null) continue;
      const last = this.lastQueued.get(exec.nodeId);
      if (!last || (last.queuedAt ?? 0) <= exec.queuedAt) this.lastQueued.set(exec.nodeId, exec);
    }
  }

  // ---- reading -------------------------------------------------------------------------------

  all(): IterableIterator<NodeExec> {
    return this.execs.values();
  }

  get(id: string): NodeExec | undefined {
    return this.execs.get(id);
  }

  withStatus(status: ExecutionStatus): NodeExec[] {
    return [...this.execs.values()].filter((e) => e.status === status);
  }

  get queuedCount(): number {
    return this.queue.length - this.queueHead;
  }

  /** Executions that were started (AutoGPT's node_exec_count), reused ones excluded. */
  get startedCount(): number {
    return this.started;
  }

  /** The executions changed since the last call, for the host to persist and broadcast. */
  takeChanges(): NodeExec[] {
    const changed = [...this.dirty];
    this.dirty.clear();
    return changed;
  }

  // ---- starting --------------------------------------------------------------------------------

  /**
   * Queues the starting nodes (no inbound link, plus every INPUT node; never NOTE). An INPUT node gets
   * `{value: inputs[name]}` when the run was given that input. Returns the nodes that cannot start,
   * naming the pins they lack, without changing anything.
   */
  start(inputs: Readonly<Record<string, unknown>>): StartError[] {
    const planned = startingInputs(this.graph, inputs);
    if ("errors" in planned) return planned.errors;
    for (const { node, data } of planned.nodes) {
      const exec = this.create(node, {});
      this.enqueue(exec, data);
    }
    return [];
  }

  /** Queues a node with the exact input it ran with before (rerun from a node). */
  seedWithInput(nodeId: string, data: Record<string, unknown>): NodeExec {
    const exec = this.create(this.graph.node(nodeId), {});
    this.enqueue(exec, data);
    return exec;
  }

  /** Adds a finished execution from an earlier run, as a record that will not run again. */
  adoptFinished(exec: Omit<NodeExec, "seq" | "reused">): NodeExec {
    const copy: NodeExec = { ...exec, seq: this.nextSeq++, reused: true };
    this.index(copy);
    this.dirty.add(copy);
    if (copy.queuedAt !== null) this.lastQueued.set(copy.nodeId, copy);
    return copy;
  }

  /** Routes recorded outputs of an adopted execution, but only along links into `sinks`. */
  replayOutputs(exec: NodeExec, sinks: ReadonlySet<string>): void {
    for (const output of exec.output) this.route(exec, output, (link) => sinks.has(link.sink_id));
  }

  // ---- running ---------------------------------------------------------------------------------

  /** The next queued execution in FIFO order, or undefined. Marks it RUNNING. */
  startNext(): NodeExec | undefined {
    while (this.queueHead < this.queue.length) {
      const exec = this.queue[this.queueHead++] as NodeExec;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      if (exec.status !== "QUEUED") continue;
      exec.status = transition(exec.status, "RUNNING", `node execution ${exec.id}`);
      exec.startedAt = this.now();
      this.started++;
      this.dirty.add(exec);
      return exec;
    }
    return undefined;
  }

  /** A RUNNING execution that is started again (after an eviction, or under the retry policy). */
  restart(exec: NodeExec): void {
    exec.retry += 1;
    exec.startedAt = this.now();
    exec.output = [];
    this.dirty.add(exec);
  }

  /**
   * Ends a RUNNING execution and routes every output, in order, to every matching link. With `error`
   * the node is FAILED and the message is also yielded on the `error` pin (routed like any output).
   */
  finish(exec: NodeExec, outputs: readonly PinValue[], error?: string): void {
    const all = [...outputs];
    if (error !== undefined) {
      const last = all[all.length - 1];
      if (last?.[0] !== "error" || last[1] !== error) all.push(["error", error]);
    }
    exec.status = transition(exec.status, error === undefined ? "COMPLETED" : "FAILED", `node execution ${exec.id}`);
    exec.output = all;
    exec.error = error ?? null;
    exec.endedAt = this.now();
    this.dirty.add(exec);
    for (const output of all) this.route(exec, output);
  }

  /**
   * A tool call of SmartDecisionMaker's agent mode: a new execution of `nodeId` with `data` over its defaults,
   * RUNNING at once and outside the FIFO queue (its caller runs it and waits). Links into the node that the call
   * does not fill are not waited for. Returns the missing required inputs instead when the call lacks some.
   */
  startDirect(nodeId: string, data: Record<string, unknown>): NodeExec | { missing: string[]; error?: string } {
    const node = this.graph.node(nodeId);
    let merged: Record<string, unknown>;
    try {
      merged = mergeExecutionInput({ ...nodeDefaults(node), ...data });
    } catch (err) {
      return { missing: [], error: err instanceof Error ? err.message : String(err) };
    }
    const missing = requiredInputs(node.info, node.input_default).filter(
      (pin) => merged[pin] === undefined || merged[pin] === null,
    );
    if (missing.length > 0) return { missing };
    const exec = this.create(node, {});
    exec.status = transition(exec.status, "QUEUED", `node execution ${exec.id}`);
    exec.input = merged;
    exec.queuedAt = this.now();
    exec.status = transition(exec.status, "RUNNING", `node execution ${exec.id}`);
    exec.startedAt = exec.queuedAt;
    this.started++;
    this.dirty.add(exec);
    return exec;
  }

  /** The block asked for a human review: the execution pauses in REVIEW. */
  pauseForReview(exec: NodeExec): void {
    exec.status = transition(exec.status, "REVIEW", `node execution ${exec.id}`);
    this.dirty.add(exec);
  }

  /** A reviewed execution is queued again, to run with the reviewer's decision. */
  resumeReviewed(exec: NodeExec): void {
    exec.status = transition(exec.status, "QUEUED", `node execution ${exec.id}`);
    exec.queuedAt = this.now();
    this.queue.push(exec);
    this.dirty.add(exec);
  }

  /** Cancel: queued, running and reviewing executions end TERMINATED; waiting ones stay INCOMPLETE. */
  terminateAll(): NodeExec[] {
    const ended: NodeExec[] = [];
    for (const exec of this.execs.values()) {
      if (exec.status === "QUEUED" || exec.status === "RUNNING" || exec.status === "REVIEW") {
        exec.status = transition(exec.status, "TERMINATED", `node execution ${exec.id}`);
        exec.endedAt = this.now();
        this.dirty.add(exec);
        ended.push(exec);
      }
    }
    this.queue.length = 0;
    this.queueHead = 0;
    return ended;
  }

  /** A node that can never finish (interrupted twice, timed out while the host was away). */
  failStuck(exec: NodeExec, error: string): void {
    this.finish(exec, [], error);
  }

  // ---- routing (AutoGPT's _enqueue_next_nodes) -------------------------------------------------

  private route(exec: NodeExec, output: PinValue, only?: (link: Link) => boolean): void {
    const node = this.graph.node(exec.nodeId);
    for (const link of node.outputLinks) {
      if (only && !only(link)) continue;
      const value = parseExecutionOutput(output, link.source_name, link.sink_id, link.sink_name);
      if (value === undefined) continue;
      this.deliver(link, value);
    }
  }

  private deliver(link: Link, value: unknown): void {
    const sink = this.graph.node(link.sink_id);
    const target = this.takeSlot(sink, link.sink_name);
    setOwn(target.input, link.sink_name, value);
    this.dirty.add(target);

    // Static pins still missing are filled from the latest execution of the sink.
    const data: Record<string, unknown> = { ...target.input };
    const latest = this.lastQueued.get(sink.id);
    if (latest) {
      for (const l of sink.inputLinks) {
        if (l.is_static && !Object.hasOwn(data, l.sink_name) && Object.hasOwn(latest.input, l.sink_name)) {
          setOwn(data, l.sink_name, latest.input[l.sink_name]);
        }
      }
    }
    const ready = validateExec(sink, data);
    if (!ready.ready) return;
    this.enqueue(target, ready.data);
    if (!link.is_static) return;

    // A static value also completes every execution of the sink still waiting for it.
    for (const waiting of this.byNode.get(sink.id) ?? []) {
      if (waiting.status !== "INCOMPLETE") continue;
      const idata: Record<string, unknown> = { ...waiting.input };
      for (const l of sink.inputLinks) {
        if (l.is_static && !Object.hasOwn(idata, l.sink_name)) setOwn(idata, l.sink_name, ready.data[l.sink_name]);
      }
      const again = validateExec(sink, idata);
      if (again.ready) this.enqueue(waiting, again.data);
    }
  }

  /** The earliest INCOMPLETE execution of the node that lacks this pin, else a new one (FIFO pin queues). */
  private takeSlot(node: IndexedNode, pin: string): NodeExec {
    const list = this.byNode.get(node.id) ?? [];
    const key = `${node.id}\u0000${pin}`;
    let i = this.pinCursor.get(key) ?? 0;
    // Both conditions only ever become true for an execution, so the cursor never moves back.
    while (i < list.length) {
      const exec = list[i] as NodeExec;
      if (exec.status === "INCOMPLETE" && !Object.hasOwn(exec.input, pin)) break;
      i++;
    }
    this.pinCursor.set(key, i);
    return list[i] ?? this.create(node, {});
  }

  private create(node: IndexedNode, input: Record<string, unknown>): NodeExec {
    const exec: NodeExec = {
      id: this.newId(),
      nodeId: node.id,
      blockId: node.block_id,
      status: "INCOMPLETE",
      input,
      output: [],
      error: null,
      seq: this.nextSeq++,
      queuedAt: null,
      startedAt: null,
      endedAt: null,
      retry: 0,
    };
    this.index(exec);
    this.dirty.add(exec);
    return exec;
  }

  private enqueue(exec: NodeExec, data: Record<string, unknown>): void {
    exec.status = transition(exec.status, "QUEUED", `node execution ${exec.id}`);
    exec.input = data;
    exec.queuedAt = this.now();
    this.queue.push(exec);
    this.lastQueued.set(exec.nodeId, exec);
    this.dirty.add(exec);
  }

  private index(exec: NodeExec): void {
    this.execs.set(exec.id, exec);
    const list = this.byNode.get(exec.nodeId);
    if (list) list.push(exec);
    else this.byNode.set(exec.nodeId, [exec]);
    if (exec.seq >= this.nextSeq) this.nextSeq = exec.seq + 1;
  }
}

/** defineProperty so a pin called `__proto__` stays data. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The input each starting node begins with, or the pins that keep a node from starting
 * (AutoGPT's _construct_starting_node_execution_input). Pure: the API calls it to answer 400 before
 * a run exists.
 */
export function startingInputs(
  graph: GraphIndex,
  inputs: Readonly<Record<string, unknown>>,
): { nodes: { node: IndexedNode; data: Record<string, unknown> }[] } | { errors: StartError[] } {
  const nodes: { node: IndexedNode; data: Record<string, unknown> }[] = [];
  const errors: StartError[] = [];
  for (const node of graph.startingNodes()) {
    let given: Record<string, unknown> = {};
    if (node.info.blockType === "INPUT") {
      const name = node.input_default.name;
      if (typeof name === "string" && Object.hasOwn(inputs, name)) given = { value: inputs[name] };
    }
    const ready = validateExec(node, given);
    if (ready.ready) {
      nodes.push({ node, data: ready.data });
      continue;
    }
    for (const pin of ready.missingLinks)
      errors.push({ node_id: node.id, pin, message: "waits for a link that cannot deliver before the run starts" });
    for (const pin of ready.missingInputs) errors.push({ node_id: node.id, pin, message: "required input is missing" });
    if (ready.error) errors.push({ node_id: node.id, pin: "", message: ready.error });
  }
  if (errors.length > 0) return { errors };
  if (nodes.length === 0) {
    return {
      errors: [
        {
          node_id: "",
          pin: "",
          message: "No starting nodes found: add an AgentInput or a block with no inbound links",
        },
      ],
    };
  }
  return { nodes };
}
