// The run object's rows as the code sees them: the run, its options, its reviews (stored by run-store.ts).
import type { ExecutionStatus } from "../engine/status";
import type { RunTrigger } from "../engine/views";
import type { WebhookDeliveryRef } from "./webhook-delivery-row";

export type ParentRef = { executionId: string; nodeExecId: string };

export type RunOptions = {
  concurrency: number;
  maxNodeExecutions: number;
  runTimeoutMs: number;
  /** A run with no step for this long while something is in flight is failed by the watchdog. */
  stallMs: number;
  /** Send run status events to the owner's hub (someone watched their graphs when the run started). */
  announceToOwner: boolean;
  /** How the run started (absent on runs stored before runs carried it: manual). */
  trigger?: RunTrigger;
  /** Completion callback URL (a schedule's or the graph's), told when the run is final. */
  callbackUrl?: string | null;
  /** The webhook delivery this run answered 202: recorded with the run's index row (webhook-delivery-row.ts). */
  webhookDelivery?: WebhookDeliveryRef;
};

export type RunRow = {
  executionId: string;
  ownerId: string;
  graphId: string;
  graphVersion: number;
  graph: unknown;
  inputs: Record<string, unknown>;
  status: ExecutionStatus;
  error: string | null;
  parent: ParentRef | null;
  depth: number;
  options: RunOptions;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  lastProgressAt: number;
  extraCost: number;
  extraSteps: number;
  indexDirty: boolean;
  idempotencyKey: string | null;
  /** Number of the last event this run published (subscribers drop what they already have). */
  eventSeq: number;
};

export type ReviewRow = {
  nodeExecId: string;
  nodeId: string;
  name: string;
  data: unknown;
  editable: boolean;
  status: "WAITING" | "APPROVED" | "REJECTED";
  reviewedData: unknown;
  message: string | null;
  createdAt: number;
  reviewedAt: number | null;
};
