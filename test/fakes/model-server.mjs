// A fake OpenAI-compatible (/v1/chat/completions, also Ollama's) and Anthropic (/anthropic/v1/messages) server for
// the test suite and the bench: real HTTP on 127.0.0.1. What it answers is steered by directives in the prompt:
//   [[401]] or the key "sk-bad"  → 401      [[429:N]] → 429 (retry-after-ms 50) for the first N calls of that prompt
//   [[429long]] → 429 asking to wait an hour (retry-after 3600)   [[500]] → 500 "internal boom"
//   [[hang]] → never answers (until the client gives up)
//   [[slow:MS]] → answer after MS ms        [[refuse]] → a content-filter / refusal stop
//   [[words:MS]] → a streamed answer waits MS ms between words (default 2)
//   [[json:{...}]] → that object inside the prompt's <json_output id=…> tag
//   [[echokey]] → 400 whose message repeats the request's Authorization / x-api-key header (providers do echo keys)
//   [[agent]] with tools → turn 1 calls the calculator (6 × 7), turn 2 the other tool with the result, turn 3 answers
//   [[badargs]] with tools (OpenAI) → calls the first tool with arguments that are not JSON: `{not valid json`
//   [[garbage]] → 200 whose body is not JSON (nor SSE)
//   [[nostream]] → a plain JSON completion even when asked to stream (as some OpenAI-compatible servers answer)
// Anything else is echoed: "Echo: <last user message>". `stream: true` answers as SSE, word by word.
// Reasoning models (o1, o3…, gpt-5 but not gpt-5-chat-latest) think first, as OpenAI's do: their hidden reasoning
// tokens (REASONING_COST by reasoning_effort) come out of max_completion_tokens, so a budget smaller than that cost
// answers empty content with finish_reason "length", and a budget just above it a cut answer.
// GET …/models (OpenAI, Ollama, /anthropic/v1/models): the model list; no key or "sk-bad" → 401 (the key is echoed
// in the message, as OpenAI does, so tests can check it is cut out of what users see).
// GET /stats answers {requests, serverMs: [per request handling time], spans: [[arrived, answered] epoch ms]} for
// the bench; POST /reset clears them.
// GET /calls?contains=TEXT: the recent chat calls whose last user message contains TEXT, as
// {stream, firstTextAt}: whether the client asked to stream, and when (epoch ms) the first text was sent.
import { createServer } from "node:http";

const counters = new Map();
const stats = { requests: 0, serverMs: [], spans: [] };
/** The last 500 chat calls: {user, stream, firstTextAt}. */
const calls = [];
const epochMs = () => performance.timeOrigin + performance.now();

const textOf = (c) =>
  typeof c === "string"
    ? c
    : Array.isArray(c)
      ? c.map((p) => (typeof p?.text === "string" ? p.text : typeof p?.content === "string" ? p.content : "")).join("")
      : c == null
        ? ""
        : JSON.stringify(c);

function decide(body, kind) {
  const messages = body.messages ?? [];
  const system = kind === "anthropic" ? textOf(body.system) : "";
  const all = system + messages.map((m) => textOf(m.content)).join("\n");
  const lastUser = [...messages]
    .reverse()
    .find((m) => m.role === "user" && !(Array.isArray(m.content) && m.content.some((p) => p?.type === "tool_result")));
  const user = lastUser ? textOf(lastUser.content) : "";
  const tag = /<json_output id="([0-9a-f]+)">/.exec(all)?.[1];
  const toolResults = messages.flatMap((m) =>
    m.role === "tool"
      ? [textOf(m.content)]
      : Array.isArray(m.content)
        ? m.content.filter((p) => p?.type === "tool_result").map((p) => textOf(p.content))
        : [],
  );
  const tools = (body.tools ?? []).map((t) => (kind === "anthropic" ? t.name : t.function?.name)).filter(Boolean);
  const out = { text: "", calls: [], refuse: false, status: 200, delay: 0, user, wordDelay: 2 };
  out.garbage = all.includes("[[garbage]]");
  out.plain = all.includes("[[nostream]]");
  const slow = /\[\[slow:(\d+)\]\]/.exec(all);
  if (slow) out.delay = Number(slow[1]);
  // [[words:MS]]: a streamed answer waits MS ms between words (a model that takes its time).
  const words = /\[\[words:(\d+)\]\]/.exec(all);
  if (words) out.wordDelay = Number(words[1]);
  if (all.includes("[[401]]")) out.status = 401;
  if (all.includes("[[429long]]")) out.status = "429long";
  if (all.includes("[[500]]")) out.status = 500;
  if (all.includes("[[hang]]")) out.status = "hang";
  if (all.includes("[[echokey]]")) out.status = 400;
  const limited = /\[\[429:(\d+)\]\]/.exec(all);
  if (limited) {
    const key = `429|${all.length}|${user}`;
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    if (n < Number(limited[1])) out.status = 429;
  }
  const say = /\[\[say:(.*?)\]\]/.exec(all);
  if (say) {
    out.text = say[1];
    return out;
  }
  if (all.includes("[[refuse]]")) {
    out.refuse = true;
    return out;
  }
  if (all.includes("[[badargs]]") && tools.length > 0) {
    out.calls.push({ name: tools[0], args: "{not valid json" });
    return out;
  }
  if (all.includes("[[agent]]") && tools.length > 0) {
    const calc = tools.find((t) => t.includes("calculator")) ?? tools[0];
    const other = tools.find((t) => t !== calc);
    const lastResult = toolResults.at(-1) ?? "";
    const number = /-?\d+(\.\d+)?/.exec(lastResult)?.[0] ?? "";
    if (toolResults.length === 0) out.calls.push({ name: calc, args: { a: 6, b: 7, operation: "Multiply" } });
    else if (toolResults.length === 1 && other) {
      const params = (body.tools ?? []).find((t) => (kind === "anthropic" ? t.name : t.function?.name) === other);
      const props = kind === "anthropic" ? params?.input_schema?.properties : params?.function?.parameters?.properties;
      out.calls.push({
        name: other,
        args: Object.fromEntries(Object.keys(props ?? { value: 1 }).map((k) => [k, number])),
      });
    } else out.text = `The answer is ${number}. Tool results: ${toolResults.join(" | ")}`;
    return out;
  }
  const json = /\[\[json:(\{.*?\})\]\]/s.exec(all);
  if (json && tag) {
    out.text = `Here you go <json_output id="${tag}">${json[1]}</json_output>`;
    return out;
  }
  if (tag) {
    // A structured request without a canned object: every expected key gets a text value.
    const format = /<json_output id="[0-9a-f]+">\n([\s\S]*?)\n<\/json_output>/.exec(all)?.[1] ?? "{}";
    let keys = [];
    try {
      keys = Object.keys(JSON.parse(format.replace(/\n\|/g, "\n")));
    } catch {}
    const obj = Object.fromEntries(keys.map((k) => [k, k === "list" ? ["alpha", "beta"] : `fake ${k}`]));
    out.text = `<json_output id="${tag}">${JSON.stringify(obj)}</json_output>`;
    return out;
  }
  out.text = `Echo: ${user}`;
  return out;
}

const tokens = (s) => Math.max(1, Math.ceil(s.length / 4));

/** Hidden reasoning tokens a reasoning model spends before answering, by reasoning_effort (OpenAI's default: medium). */
const REASONING_COST = { none: 0, minimal: 64, low: 256, medium: 1024, high: 4096, xhigh: 8192 };
const isReasoningModel = (model) => /^o\d/.test(model) || (/^gpt-5/.test(model) && !/^gpt-5(\.\d+)?-chat/.test(model));

/** What a reasoning model leaves of the answer within its output budget: {text, reasoning, cut}. */
function reason(body, text) {
  if (!isReasoningModel(String(body.model ?? ""))) return { text, reasoning: 0, cut: false };
  const reasoning = REASONING_COST[body.reasoning_effort ?? "medium"] ?? REASONING_COST.medium;
  const cap = body.max_completion_tokens ?? body.max_tokens ?? Number.POSITIVE_INFINITY;
  if (cap <= reasoning) return { text: "", reasoning: cap, cut: true };
  const room = (cap - reasoning) * 4;
  return { text: text.slice(0, room), reasoning, cut: text.length > room };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

async function openai(res, body, d) {
  const id = `chatcmpl-${++seq}`;
  const promptTokens = tokens(JSON.stringify(body.messages ?? []));
  const thought = reason(body, d.text);
  d.text = thought.text;
  if (thought.cut) d.calls = [];
  const completionTokens = thought.reasoning + (thought.cut && !d.text ? 0 : tokens(d.text || JSON.stringify(d.calls)));
  const toolCalls = d.calls.map((c, i) => ({
    id: `call_${seq}_${i}`,
    type: "function",
    function: { name: c.name, arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args) },
  }));
  const finish = d.refuse ? "content_filter" : thought.cut ? "length" : toolCalls.length ? "tool_calls" : "stop";
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    ...(thought.reasoning ? { completion_tokens_details: { reasoning_tokens: thought.reasoning } } : {}),
  };
  if (!body.stream || d.plain) {
    const message = {
      role: "assistant",
      content: toolCalls.length ? null : d.text,
      ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
    };
    return send(res, 200, {
      id,
      object: "chat.completion",
      created: 1,
      model: body.model,
      choices: [{ index: 0, message, finish_reason: finish }],
      usage,
    });
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  const chunk = (delta, finish_reason = null, extra = {}) =>
    res.write(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason }], ...extra })}\n\n`,
    );
  chunk({ role: "assistant", content: "" });
  for (const word of d.text.split(/(?<= )/)) {
    if (!word) continue;
    chunk({ content: word });
    d.call.firstTextAt ??= epochMs();
    await sleep(d.wordDelay);
  }
  for (const [index, c] of toolCalls.entries()) chunk({ tool_calls: [{ index, ...c }] });
  chunk({}, finish);
  res.write(
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1, model: body.model, choices: [], usage })}\n\n`,
  );
  res.end("data: [DONE]\n\n");
}

async function anthropic(res, body, d) {
  const id = `msg_${++seq}`;
  const input = tokens(JSON.stringify(body.messages ?? []) + textOf(body.system));
  const output = tokens(d.text || JSON.stringify(d.calls));
  const content = d.calls.length
    ? d.calls.map((c, i) => ({ type: "tool_use", id: `toolu_${seq}_${i}`, name: c.name, input: c.args }))
    : [{ type: "text", text: d.text }];
  const stop = d.refuse ? "refusal" : d.calls.length ? "tool_use" : "end_turn";
  const usage = { input_tokens: input, output_tokens: output };
  if (!body.stream || d.plain)
    return send(res, 200, {
      id,
      type: "message",
      role: "assistant",
      model: body.model,
      content,
      stop_reason: stop,
      stop_sequence: null,
      usage,
    });
  res.writeHead(200, { "content-type": "text/event-stream" });
  const ev = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  ev("message_start", {
    message: {
      id,
      type: "message",
      role: "assistant",
      model: body.model,
      content: [],
      stop_reason: null,
      usage: { input_tokens: input, output_tokens: 0 },
    },
  });
  if (d.calls.length === 0) {
    ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    for (const word of d.text.split(/(?<= )/)) {
      if (!word) continue;
      ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: word } });
      d.call.firstTextAt ??= epochMs();
      await sleep(d.wordDelay);
    }
    ev("content_block_stop", { index: 0 });
  } else {
    content.forEach((c, index) => {
      ev("content_block_start", { index, content_block: { ...c, input: {} } });
      ev("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: JSON.stringify(c.input) } });
      ev("content_block_stop", { index });
    });
  }
  ev("message_delta", { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: output } });
  ev("message_stop", {});
  res.end();
}

function models(req, res, kind) {
  const key =
    kind === "anthropic" ? req.headers["x-api-key"] : String(req.headers.authorization ?? "").replace(/^Bearer /, "");
  if (!key || key === "sk-bad") {
    return kind === "anthropic"
      ? send(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } })
      : send(res, 401, {
          error: { message: `Incorrect API key provided: ${key || "(none)"}`, type: "invalid_request_error" },
        });
  }
  if (kind === "anthropic" && !req.headers["anthropic-version"])
    return send(res, 400, { type: "error", error: { type: "invalid_request_error", message: "anthropic-version" } });
  const ids = kind === "anthropic" ? ["claude-3-5-haiku-latest"] : ["gpt-4o-mini", "gpt-4o"];
  return send(
    res,
    200,
    kind === "anthropic"
      ? { data: ids.map((id) => ({ type: "model", id, display_name: id })), has_more: false }
      : { object: "list", data: ids.map((id) => ({ id, object: "model", owned_by: "fake" })) },
  );
}

function send(res, status, json, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(json));
}

/** Starts the server on a free port; resolves with its base URL and a close function. */
export function startModelServer(port = 0) {
  const server = createServer((req, res) => {
    const started = performance.now();
    // Small SSE writes must not wait for Nagle + delayed ACK (~40 ms a write) on loopback.
    req.socket.setNoDelay(true);
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      try {
        if (req.url === "/stats") return send(res, 200, stats);
        if (req.url?.startsWith("/calls?")) {
          const contains = new URL(req.url, "http://x").searchParams.get("contains") ?? "";
          return send(res, 200, { calls: calls.filter((c) => c.user.includes(contains)) });
        }
        if (req.url === "/reset") {
          stats.requests = 0;
          stats.serverMs = [];
          stats.spans = [];
          return send(res, 200, { ok: true });
        }
        // Jina search / reader (for agents that search the web): a page with a contact email.
        if (req.url?.startsWith("/jina/")) {
          stats.requests++;
          res.writeHead(200, { "content-type": "text/plain" });
          res.end(
            `Title: Result for ${decodeURIComponent(req.url.split("/").slice(3).join("/"))}\nContact: <email>contact@example.com</email>`,
          );
          stats.serverMs.push(performance.now() - started);
          stats.spans.push([performance.timeOrigin + started, epochMs()]);
          return;
        }
        const kind = req.url?.startsWith("/anthropic/") ? "anthropic" : "openai";
        // The model list (what "test this key" asks for): a missing key or "sk-bad" is a 401.
        if (req.method === "GET" && req.url?.endsWith("/models")) {
          models(req, res, kind);
          stats.serverMs.push(performance.now() - started);
          stats.spans.push([performance.timeOrigin + started, epochMs()]);
          return;
        }
        if (!req.url?.endsWith("/chat/completions") && !req.url?.endsWith("/messages"))
          return send(res, 404, { error: { message: `no route ${req.url}` } });
        const body = JSON.parse(raw || "{}");
        const key =
          kind === "anthropic"
            ? req.headers["x-api-key"]
            : String(req.headers.authorization ?? "").replace(/^Bearer /, "");
        const d = decide(body, kind);
        d.call = { user: d.user, stream: body.stream === true, firstTextAt: null };
        calls.push(d.call);
        if (calls.length > 500) calls.shift();
        if (d.delay) await sleep(d.delay);
        if (key === "sk-bad" || d.status === 401) {
          return kind === "anthropic"
            ? send(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } })
            : send(res, 401, {
                error: {
                  message: "Incorrect API key provided: sk-bad***",
                  type: "invalid_request_error",
                  code: "invalid_api_key",
                },
              });
        }
        if (d.status === "hang") return void (await new Promise((resolve) => res.on("close", resolve)));
        if (d.status === 500) return send(res, 500, { error: { message: "internal boom", type: "server_error" } });
        if (d.status === "429long") {
          const error = { message: "Rate limit reached: try again in an hour", type: "requests" };
          return send(res, 429, { error }, { "retry-after": "3600" });
        }
        if (d.status === 400) {
          const sent = kind === "anthropic" ? req.headers["x-api-key"] : req.headers.authorization;
          return send(res, 400, {
            error: { message: `Bad request for key ${sent}`, type: "invalid_request_error" },
          });
        }
        if (d.status === 429) {
          return send(
            res,
            429,
            { error: { message: "Rate limit reached for requests", type: "requests" } },
            { "retry-after-ms": "50", "retry-after": "0.05" },
          );
        }
        stats.requests++;
        if (d.garbage) {
          res.writeHead(200, { "content-type": "application/json" });
          return res.end("{not json at all");
        }
        await (kind === "anthropic" ? anthropic(res, body, d) : openai(res, body, d));
        stats.serverMs.push(performance.now() - started);
        stats.spans.push([performance.timeOrigin + started, epochMs()]);
      } catch (err) {
        send(res, 500, { error: { message: String(err) } });
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      server.unref();
      const { port: bound } = server.address();
      resolve({ url: `http://127.0.0.1:${bound}`, close: () => server.close() });
    });
  });
}
