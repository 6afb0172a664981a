// wide500: a 500-node, 600-link agent for the editor figure (issue 5: "a 500-node, 600-link agent opens").
// 25 x 20 grid of StoreValue nodes: a chain through all of them (499 links) plus 101 skip links into `data`.
import { BLOCK, link, node } from "./blocks.mjs";

const nodes = [];
const links = [];
for (let i = 0; i < 500; i++)
  nodes.push(node(`s${i}`, BLOCK.storeValue, i === 0 ? { input: 0 } : {}, i % 25, Math.floor(i / 25)));
for (let i = 1; i < 500; i++) links.push(link(`s${i - 1}`, "output", `s${i}`, "input"));
for (let i = 0; i <= 100; i++) links.push(link(`s${i * 4}`, "output", `s${i * 4 + 3}`, "data"));

export default {
  agent: { name: "bench wide500", description: "500 StoreValue nodes, 600 links (editor benchmark)", nodes, links },
  nodeCount: nodes.length,
  linkCount: links.length,
};
