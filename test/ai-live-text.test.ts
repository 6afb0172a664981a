// Live AI text on the run's own WebSocket: an AITextGenerator's text streams as `node_text_stream` messages at most
// 20 a second per node, while the persisted output stays the whole text and the socket's resume log keeps none of
// them. A run nobody watches does not stream at all (the provider gets a plain request), and one that somebody
// starts watching streams its next model call.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { RunSocketMessage } from "../engine/run-socket-messages";
import { BLOCK, createGraph, getRun, graphJson, newUser, uid } from "./engine-helpers";
import { api, createApiKey } from "./helpers/auth";
import { addKey, type CredentialMeta } from "./helpers/credentials";
import { connect } from "./helpers/run-socket-client";

const AI_TEXT = "1f292d4a-41a4-4977-9684-7c8d560b9f91";
const WORDS = "one two three four five six seven eight nine ten eleven twelve";

type TextMessage = Extract<RunSocketMessage, { type: "node_text_stream" }>;
const isText = (m: RunSocketMessage): m is TextMessage => m.type === "node_text_stream";
const isFinal = (m: RunSocketMessage) =>
  m.type === "graph_execution" && ["COMPLETED", "FAILED", "TERMINATED"].includes(m.data.status);

/** What the fake provider saw of the calls whose prompt contains `marker`. */
async function callsWith(marker: string): Promise<{ stream: boolean }[]> {
  const res = await fetch(`${env.FAKE_MODEL_SERVER}/calls?contains=${encodeURIComponent(marker)}`);
  return ((await res.json()) as { calls: { stream: boolean }[] }).calls;
}

/** AI text nodes in a chain (each prompt given), the last one's response as output `answer`. */
async function textChain(token: string, cred: CredentialMeta, prompts: string[]) {
  const ids = prompts.map(() => uid("gen"));
  const out = uid("out");
  const graph = await createGraph(
    token,
    graphJson(
      "live text",
      [
        ...prompts.map((prompt, i) => ({
          id: ids[i] as string,
          block_id: AI_TEXT,
          input_default: { prompt, model: "gpt-4o-mini", credentials: cred, retry: 1 },
        })),
        { id: out, block_id: BLOCK.output, input_default: { name: "answer" } },
      ],
      // Each node waits for the one before (its response is a prompt value of the next).
      [
        ...ids
          .slice(1)
          .map(
            (id, i) =>
              [ids[i] as string, "response", id, "prompt_values_#_previous"] as [string, string, string, string],
          ),
        [ids.at(-1) as string, "response", out, "value"],
      ],
    ),
  );
  return { graph, ids };
}

describe("live AI text on the run's socket", () => {
  it("streams a signed-in user's run at most 20 times a second; the output stays whole, nothing is kept", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-live-text");
    const marker = uid("m");
    // The answer starts after 150 ms (the socket is open by then) and takes 40 ms a word.
    const prompt = `[[slow:150]] [[words:40]] ${marker} ${WORDS}`;
    const { graph, ids } = await textChain(token, cred, [prompt]);
    const res = await api(`/graphs/${graph.id}/execute`, { token, json: { inputs: {} } });
    expect(res.status).toBe(202);
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    const socket = await connect(id, token);
    const arrivals: number[] = [];
    let seen = 0;
    const final = await socket.waitFor((m) => {
      for (; seen < socket.messages.length; seen++)
        if (isText(socket.messages[seen] as RunSocketMessage)) arrivals.push(Date.now());
      return isFinal(m);
    }, 15_000);
    expect(final).toMatchObject({ data: { status: "COMPLETED" } });

    const whole = `Echo: ${prompt}`;
    const texts = socket.messages.filter(isText);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    for (const t of texts) {
      expect(t.data.node_id).toBe(ids[0]);
      expect(whole.startsWith(t.data.text)).toBe(true);
    }
    // The text grows and never goes back.
    const lengths = texts.map((t) => t.data.text.length);
    expect([...lengths].sort((a, b) => a - b)).toEqual(lengths);
    // ≤ 20 a second: n events need at least (n - 1) × 50 ms (a little slack for delivery jitter).
    const span = (arrivals.at(-1) as number) - (arrivals[0] as number);
    expect(span).toBeGreaterThanOrEqual((arrivals.length - 1) * 50 - 60);
    expect(await callsWith(marker)).toEqual([expect.objectContaining({ stream: true })]);

    // The persisted output is the whole text; the stream is in no record.
    const run = await getRun(token, id);
    expect(run.outputs.answer).toEqual([whole]);
    expect(JSON.stringify(run)).not.toContain("node_text_stream");
    // A client resuming from the start gets the numbered events again, but no text event.
    const resumed = await connect(id, token, 0);
    await resumed.closed;
    expect(resumed.messages.some((m) => m.type === "node_execution")).toBe(true);
    expect(resumed.messages.filter(isText)).toEqual([]);
  });

  it("the last text frame is the whole text and comes before the node's completion event", async () => {
    const { token } = await newUser();
    const cred = await addKey(token, "openai", "sk-live-text");
    // Words 5 ms apart: the last one always lands inside the 50 ms window, held back for a trailing frame.
    const prompt = `[[slow:150]] [[words:5]] ${uid("m")} ${WORDS} zeta eta theta`;
    const { graph, ids } = await textChain(token, cred, [prompt]);
    const res = await api(`/graphs/${graph.id}/execute`, { token, json: { inputs: {} } });
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    const socket = await connect(id, token);
    await socket.waitFor(isFinal, 15_000);
    const done = socket.messages.findIndex(
      (m) => m.type === "node_execution" && m.data.node_id === ids[0] && m.data.status === "COMPLETED",
    );
    const texts = socket.messages.slice(0, done).filter(isText);
    expect(texts.at(-1)?.data.text).toBe(`Echo: ${prompt}`);
    expect(socket.messages.slice(done).filter(isText)).toEqual([]);
  });

  it("a run nobody watches makes plain model requests; one somebody starts watching streams its next call", async () => {
    const { token } = await newUser();
    const { key } = await createApiKey(token);
    const cred = await addKey(token, "openai", "sk-live-text");
    const quiet = uid("quiet");
    const { graph: alone } = await textChain(token, cred, [`${quiet} hello`]);
    const done = await api(`/graphs/${alone.id}/execute?wait=30`, { apiKey: key, json: { inputs: {} } });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: "COMPLETED", outputs: { answer: [`Echo: ${quiet} hello`] } });
    expect(await callsWith(quiet)).toEqual([expect.objectContaining({ stream: false })]);

    const first = uid("first");
    const second = uid("second");
    const { graph, ids } = await textChain(token, cred, [`[[slow:300]] ${first}`, `[[words:20]] ${second} ${WORDS}`]);
    const res = await api(`/graphs/${graph.id}/execute`, { apiKey: key, json: { inputs: {} } });
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    const socket = await connect(id, token);
    await socket.waitFor(isFinal, 15_000);
    expect(await callsWith(second)).toEqual([expect.objectContaining({ stream: true })]);
    const texts = socket.messages.filter(isText);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.data.node_id === ids[1])).toBe(true);
  });
});
