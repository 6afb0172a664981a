// gated10: input -> human review -> 10 x Calculator add 1 -> output. The run waits in REVIEW until approved, so a
// WebSocket client can subscribe to it first and then see all ten nodes complete live (the ws delay figure).
import { addNode, BLOCK, link, node } from "./blocks.mjs";

const nodes = [
  node("in", BLOCK.agentInput, { name: "n" }, 0),
  node("gate", BLOCK.humanInTheLoop, { name: "bench gate", editable: false }, 1),
];
const links = [link("in", "result", "gate", "data")];
let prev = "gate";
let pin = "approved_data";
for (let i = 1; i <= 10; i++) {
  nodes.push(addNode(`add${i}`, 1, 1 + i));
  links.push(link(prev, pin, `add${i}`, "a"));
  prev = `add${i}`;
  pin = "result";
}
nodes.push(node("out", BLOCK.agentOutput, { name: "n" }, 12));
links.push(link(prev, pin, "out", "value"));

export default {
  agent: { name: "bench gated10", description: "input -> review -> 10 x add 1 -> output", nodes, links },
  body: { inputs: { n: 0 } },
  expect: '"n":[10]',
  nodeCount: nodes.length,
};
