// The first streamed token's delay, measured one way for bench/model-overhead.mjs and bench/experiments/call-ab.mjs.
import { executeAsPerson } from "./api.mjs";

const epochMs = () => performance.timeOrigin + performance.now();

/**
 * One run of a one-node AITextGenerator agent whose model call streams: executes it as the signed-in person (token),
 * opens the run's socket before the fake server answers (it waits 200 ms first), and returns ms from the fake server
 * sending its first text (its /calls) to the first node_text_stream on the socket.
 */
export async function firstTokenGap({ api, base, token, fakeUrl, credentials, name = "first token" }) {
  const marker = `ft-${crypto.randomUUID()}`;
  const nodeId = crypto.randomUUID();
  const g = await api.createAgent({
    name,
    nodes: [
      {
        id: nodeId,
        block_id: "1f292d4a-41a4-4977-9684-7c8d560b9f91",
        input_default: {
          prompt: `[[slow:200]] [[words:20]] ${marker} one two three four five`,
          model: "gpt-4o-mini",
          credentials,
        },
        metadata: {},
      },
    ],
    links: [],
  });
  const {
    body: { execution_id: id },
  } = await executeAsPerson(base, token, g.id);
  const url = `${base.replace("http", "ws")}/api/v1/executions/${id}/ws?token=${encodeURIComponent(token)}`;
  const firstAt = await new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let first;
    const timer = setTimeout(() => reject(new Error("no final status in 15 s")), 15_000);
    ws.addEventListener("message", (m) => {
      const at = epochMs();
      const msg = JSON.parse(String(m.data));
      if (msg.type === "node_text_stream") first ??= at;
      if (msg.type === "graph_execution" && ["COMPLETED", "FAILED"].includes(msg.data.status)) {
        clearTimeout(timer);
        ws.close();
        resolve(first);
      }
    });
  });
  const [call] = (await (await fetch(`${fakeUrl}/calls?contains=${marker}`)).json()).calls;
  if (firstAt === undefined || !call?.firstTextAt) throw new Error("no streamed text reached the socket");
  return firstAt - call.firstTextAt;
}
