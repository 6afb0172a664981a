// A secret the server (or the block) repeats back does not outlive the node: a model provider whose 400 repeats the
// API key (`Bad request for key Bearer sk-…`), in a streamed run (signed in, watched) and a plain one (API key), and
// a block that repeats its password and Basic auth form. The key is in no run record, node error, shared page, socket
// message or log line (at debug level: the Worker and the run objects log in this isolate while we listen), and the
// node error still says what went wrong, with "[redacted]" in place of the key.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunSocketMessage } from "../engine/run-socket-messages";
import { CREDENTIAL_ECHO_ID } from "./blocks/credential-probes";
import { createGraph, getRun, graphJson, newUser, type RunBody, uid } from "./engine-helpers";
import { api, createApiKey } from "./helpers/auth";
import { addKey } from "./helpers/credentials";
import { connect, upgrade } from "./helpers/run-socket-client";
import { indexed } from "./helpers/store";

const AI_TEXT = "1f292d4a-41a4-4977-9684-7c8d560b9f91";
const lines: string[] = [];

/** A console argument as text, an Error with its own fields (the AI SDK's dump prints responseBody and headers). */
const asText = (a: unknown) =>
  typeof a === "string" ? a : a instanceof Error ? `${a.stack} ${JSON.stringify({ ...a })}` : JSON.stringify(a);

beforeAll(() => {
  (env as { LOG_LEVEL: string }).LOG_LEVEL = "debug";
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(asText).join(" "));
    });
  }
});

afterAll(() => {
  (env as { LOG_LEVEL: string }).LOG_LEVEL = "silent";
  vi.restoreAllMocks();
});

/** The run's end on its socket: a final status event, or a snapshot taken after the end (a quick run). */
const isFinal = (m: RunSocketMessage) =>
  (m.type === "graph_execution" || m.type === "snapshot") &&
  ["COMPLETED", "FAILED", "TERMINATED"].includes(m.data.status);

/** What the fake provider saw of the calls whose prompt contains `marker`. */
async function callsWith(marker: string): Promise<{ stream: boolean }[]> {
  const res = await fetch(`${env.FAKE_MODEL_SERVER}/calls?contains=${encodeURIComponent(marker)}`);
  return ((await res.json()) as { calls: { stream: boolean }[] }).calls;
}

/** The run's public shared page, as anyone with the link reads it. */
async function sharedPage(token: string, executionId: string): Promise<string> {
  await indexed(executionId);
  const shared = await api(`/executions/${executionId}/share`, { token, method: "POST" });
  expect(shared.status).toBe(201);
  const { token: link } = (await shared.json()) as { token: string };
  const page = await api(`/public/shared/${link}`);
  expect(page.status).toBe(200);
  return page.text();
}

/** The user's event hub (`/api/v1/ws`) following the graph's runs; `messages` collects what it says. */
async function hubFollowing(token: string, graphId: string) {
  const res = await upgrade(`/ws?token=${encodeURIComponent(token)}`);
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const messages: string[] = [];
  ws.addEventListener("message", (e) => {
    messages.push(String(e.data));
  });
  ws.send(JSON.stringify({ method: "subscribe_graph_executions", data: { graph_id: graphId } }));
  await expect.poll(() => messages.some((m) => m.includes('"success":true'))).toBe(true);
  return { ws, messages };
}

/**
 * Everything a secret could leak into about this run: its record, the runs list, notifications, its shared page,
 * the messages of its sockets, the log.
 */
async function everywhere(token: string, run: RunBody, socketMessages: unknown[]) {
  const reads = await Promise.all(
    ["/executions", "/notifications"].map((p) => api(p, { token }).then((r) => r.text())),
  );
  return [
    JSON.stringify(run),
    ...reads,
    await sharedPage(token, run.id),
    JSON.stringify(socketMessages),
    ...lines,
  ].join("\n");
}

describe("a secret repeated back is cut out of everything the node leaves", () => {
  it.each([
    ["streamed (signed in, watched)", "session"],
    ["plain (API key)", "apikey"],
  ] as const)("a provider 400 that repeats the key: %s", async (_label, mode) => {
    lines.length = 0;
    const { token } = await newUser();
    const secret = `sk-good-SECRET${crypto.randomUUID().replaceAll("-", "")}`;
    const cred = await addKey(token, "openai", secret);
    const marker = uid("echo");
    const gen = uid("gen");
    const graph = await createGraph(
      token,
      graphJson(
        "echo key",
        [
          {
            id: gen,
            block_id: AI_TEXT,
            // The slow start lets the socket open before the call, so the signed-in run streams it.
            input_default: { prompt: `[[slow:150]] [[echokey]] ${marker}`, model: "gpt-4o-mini", credentials: cred },
          },
        ],
        [],
      ),
    );
    const hub = await hubFollowing(token, graph.id);
    // A signed-in run streams from its start (someone started it by hand); an API key's run nobody watches makes a
    // plain call, so its socket opens only once it has ended.
    const started =
      mode === "session"
        ? await api(`/graphs/${graph.id}/execute`, { token, json: { inputs: {} } })
        : await api(`/graphs/${graph.id}/execute?wait=30`, {
            apiKey: (await createApiKey(token)).key,
            json: { inputs: {} },
          });
    expect(started.status).toBe(mode === "session" ? 202 : 200);
    const { execution_id, id: doneId } = (await started.json()) as { execution_id?: string; id?: string };
    const id = (execution_id ?? doneId) as string;
    const socket = await connect(id, token);
    await socket.waitFor(isFinal, 15_000);
    // The hub tells of the run (not its nodes) to the end.
    await expect
      .poll(() => hub.messages.some((m) => m.includes(id) && /"status":"(COMPLETED|FAILED)"/.test(m)))
      .toBe(true);
    hub.ws.close();
    expect(await callsWith(marker)).toEqual([expect.objectContaining({ stream: mode === "session" })]);

    const run = await getRun(token, id);
    const [exec] = run.node_executions.filter((e) => e.node_id === gen);
    expect(exec?.status).toBe("FAILED");
    expect(exec?.error).toBe(
      "AITextGeneratorBlock failed: openai refused the request (400): Bad request for key Bearer [redacted]",
    );
    expect(exec?.output.error).toEqual([exec?.error]);
    const all = await everywhere(token, run, [...socket.messages, ...hub.messages]);
    expect(all).toContain("[redacted]");
    expect(all).not.toContain(secret);
    // The AI SDK's own console dump of a failed stream (url, request body, response headers and body) is not made.
    expect(lines.filter((l) => l.includes("APICallError") || l.includes("responseBody"))).toEqual([]);
  });

  it("any block: a password and its Basic auth form, in an output, a log line and the error", async () => {
    lines.length = 0;
    const { token } = await newUser();
    const password = `pw-${crypto.randomUUID()}`;
    const basic = btoa(`alice:${password}`);
    const created = await api("/credentials", {
      token,
      json: { provider: "http", type: "user_password", title: "site login", username: "alice", password },
    });
    expect(created.status).toBe(201);
    const c = (await created.json()) as { id: string; provider: string; type: string; title: string };
    const node = uid("echo");
    const graph = await createGraph(
      token,
      graphJson(
        "echo password",
        [{ id: node, block_id: CREDENTIAL_ECHO_ID, input_default: { credentials: { ...c } } }],
        [],
      ),
    );
    const started = await api(`/graphs/${graph.id}/execute`, { token, json: { inputs: {} } });
    expect(started.status).toBe(202);
    const { execution_id: id } = (await started.json()) as { execution_id: string };
    const socket = await connect(id, token);
    await socket.waitFor(isFinal, 15_000);

    const run = await getRun(token, id);
    const [exec] = run.node_executions;
    expect(exec?.error).toBe(
      "TestCredentialEchoBlock failed: upstream said 401 for Basic [redacted] (password [redacted])",
    );
    expect(exec?.output.echo).toEqual(["password [redacted], header Basic [redacted]"]);
    expect(lines.some((l) => l.includes("server refused Basic [redacted]"))).toBe(true);
    const all = await everywhere(token, run, socket.messages);
    expect(all).not.toContain(password);
    expect(all).not.toContain(basic);
  });
});
