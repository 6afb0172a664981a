// fanout8: input `n` fans out to 8 branches of 2 Calculator nodes (b_i = n + i, then + 0), merged by a binary tree
// of 7 adders into output `sum`. Asked with {n: 0} it answers {"sum": [28]} like the peers' fanout8 ({"sum":28}).
// Our blocks have no N-ary join, so the merge is 7 two-input adds (peers: one join + one sum node);
// 1 + 16 + 7 + 1 = 25 node executions per run.
import { addNode, BLOCK, link, node } from "./blocks.mjs";

const nodes = [node("in", BLOCK.agentInput, { name: "n" }, 0, 4)];
const links = [];
let level = [];
for (let i = 0; i < 8; i++) {
  nodes.push(addNode(`b${i}a`, i, 1, i), addNode(`b${i}b`, 0, 2, i));
  links.push(link("in", "result", `b${i}a`, "a"), link(`b${i}a`, "result", `b${i}b`, "a"));
  level.push(`b${i}b`);
}
for (let depth = 0; level.length > 1; depth++) {
  const next = [];
  for (let j = 0; j < level.length; j += 2) {
    const id = `m${depth}_${j / 2}`;
    nodes.push(node(id, BLOCK.calculator, { operation: "Add", round_result: false }, 3 + depth, j * 2 ** depth));
    links.push(link(level[j], "result", id, "a"), link(level[j + 1], "result", id, "b"));
    next.push(id);
  }
  level = next;
}
nodes.push(node("out", BLOCK.agentOutput, { name: "sum" }, 6, 4));
links.push(link(level[0], "result", "out", "value"));

export default {
  agent: { name: "bench fanout8", description: "input -> 8 x (2 adds) -> adder tree -> sum", nodes, links },
  body: { inputs: { n: 0 } },
  expect: '"sum":[28]',
  nodeCount: nodes.length,
};
