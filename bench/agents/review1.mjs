// review1: input -> HumanInTheLoop -> output. Each run stops in REVIEW until approved: used to hold many runs
// waiting (memory of hibernated runs) and to hold one run open while 500 WebSocket clients subscribe.
import { BLOCK, link, node } from "./blocks.mjs";

export default {
  agent: {
    name: "bench review1",
    description: "input -> human review -> output",
    nodes: [
      node("in", BLOCK.agentInput, { name: "n" }, 0),
      node("review", BLOCK.humanInTheLoop, { name: "bench review", editable: false }, 1),
      node("out", BLOCK.agentOutput, { name: "n" }, 2),
    ],
    links: [link("in", "result", "review", "data"), link("review", "approved_data", "out", "value")],
  },
  body: { inputs: { n: 7 } },
  expect: '"n":[7]',
  nodeCount: 3,
};
