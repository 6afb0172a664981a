// chainN: input `n` -> N Calculator nodes each adding 1 -> output `n`. Asked with {n: 0} it answers {"n": [N]},
// the same check as the peers' chain10 ("n":10) and the floor probe ("n":[10]).
import { addNode, BLOCK, link, node } from "./blocks.mjs";

export function chain(length) {
  const nodes = [node("in", BLOCK.agentInput, { name: "n" }, 0)];
  const links = [];
  let prev = "in";
  let prevPin = "result";
  for (let i = 1; i <= length; i++) {
    const id = `add${i}`;
    nodes.push(addNode(id, 1, i % 20, Math.floor(i / 20)));
    links.push(link(prev, prevPin, id, "a"));
    prev = id;
    prevPin = "result";
  }
  nodes.push(node("out", BLOCK.agentOutput, { name: "n" }, (length + 1) % 20, Math.floor((length + 1) / 20)));
  links.push(link(prev, prevPin, "out", "value"));
  return {
    agent: {
      name: `bench chain${length}`,
      description: `input -> ${length} x Calculator add 1 -> output`,
      nodes,
      links,
    },
    body: { inputs: { n: 0 } },
    expect: `"n":[${length}]`,
    nodeCount: nodes.length,
  };
}
