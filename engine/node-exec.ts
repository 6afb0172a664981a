// One execution of one node: the unit the engine schedules, stores and reports.
import type { ExecutionStatus } from "./status";
import type { NodeUsageStats } from "./usage";

export type PinValue = readonly [pin: string, value: unknown];

export type NodeExec = {
  id: string;
  nodeId: string;
  blockId: string;
  status: ExecutionStatus;
  /** Pin values received so far while INCOMPLETE; the full merged input from QUEUED on. */
  input: Record<string, unknown>;
  /** Every yielded value, in the order the block produced it (the `error` pin included). */
  output: PinValue[];
  error: string | null;
  /** Creation order within the run: pin queues and outputs follow it. */
  seq: number;
  queuedAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  /** How many times this execution was started again (eviction resume, retry policy). */
  retry: number;
  /** Reused from an earlier run by a rerun: recorded, never executed here. */
  reused?: boolean;
  /** Model tokens and cost this execution spent (AI blocks only). */
  stats?: NodeUsageStats;
};

/** AutoGPT's output_data shape: pin → every value yielded on it, in order. */
export function outputsByPin(output: readonly PinValue[]): Record<string, unknown[]> {
  const byPin: Record<string, unknown[]> = {};
  for (const [pin, value] of output) {
    const list = byPin[pin];
    if (list) list.push(value);
    else Object.defineProperty(byPin, pin, { value: [value], enumerable: true, writable: true, configurable: true });
  }
  return byPin;
}
