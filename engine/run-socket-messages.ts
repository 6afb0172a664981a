// The messages of a run's own WebSocket (`GET /api/v1/executions/:id/ws`), defined once: the run object builds
// them, the editor parses them with this union. Every message but `pong` carries the run's event number `seq`;
// `?after_seq=N` on reconnect resumes after message N.
import { z } from "zod";
import { NodeExecutionView, RunResultView, RunView } from "./views";

/** The run as `GET /api/v1/executions/:id` answers, as of event `seq`. Always the first message (unless resuming). */
export const RunSnapshotMessage = z.object({ type: z.literal("snapshot"), seq: z.number().int(), data: RunView });
/** One node execution changed (the REST view of it). */
export const NodeExecutionMessage = z.object({
  type: z.literal("node_execution"),
  seq: z.number().int(),
  data: NodeExecutionView,
});
/** The run's status changed (the run without its node executions); the last one has a final status. */
export const GraphExecutionMessage = z.object({
  type: z.literal("graph_execution"),
  seq: z.number().int(),
  data: RunResultView,
});
/**
 * An AI node's text so far while it generates (AITextGenerator, AIConversation, SmartDecisionMaker), at most 20 a
 * second per node execution. Not a numbered event: `seq` is the last committed one's, it is not kept for resuming,
 * and the node's output (in the following `node_execution` message) holds the whole text.
 */
export const NodeTextStreamMessage = z.object({
  type: z.literal("node_text_stream"),
  seq: z.number().int(),
  data: z.object({ node_exec_id: z.string(), node_id: z.string(), block_id: z.string(), text: z.string() }),
});
export type RunTextStreamMessage = z.infer<typeof NodeTextStreamMessage>;
/** The answer to the client's `{"type":"ping"}` heartbeat (sent by the runtime without waking the run). */
export const PongMessage = z.object({ type: z.literal("pong") });

export const RunSocketMessage = z.discriminatedUnion("type", [
  RunSnapshotMessage,
  NodeExecutionMessage,
  GraphExecutionMessage,
  NodeTextStreamMessage,
  PongMessage,
]);
export type RunSocketMessage = z.infer<typeof RunSocketMessage>;
export type RunEventMessage = z.infer<typeof NodeExecutionMessage> | z.infer<typeof GraphExecutionMessage>;

/** Exactly what a client sends as heartbeat, and what the runtime answers. */
export const RUN_SOCKET_PING = JSON.stringify({ type: "ping" });
export const RUN_SOCKET_PONG = JSON.stringify({ type: "pong" } satisfies z.infer<typeof PongMessage>);
