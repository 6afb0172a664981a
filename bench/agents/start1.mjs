// start1: a 1-node agent (one AgentOutput with a default value): the fixed cost of starting and finishing a run.
import { BLOCK, node } from "./blocks.mjs";

export default {
  agent: {
    name: "bench start1",
    description: "one output node",
    nodes: [node("out", BLOCK.agentOutput, { name: "n", value: 1 }, 0)],
    links: [],
  },
  body: { inputs: {} },
  expect: '"n":[1]',
  nodeCount: 1,
};
