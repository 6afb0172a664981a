// A picture of a listed graph for its store page: an SVG drawn from the nodes' editor positions
// (metadata.position), boxes named by block, links as curves. No node inputs are drawn (nothing secret).
import type { BlockCatalog } from "../../graph/block-catalog";

type SvgNode = { id: string; block_id: string; metadata?: Record<string, unknown> };
type SvgLink = { source_id: string; sink_id: string };

const W = 180;
const H = 48;

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

function positionOf(node: SvgNode, index: number): { x: number; y: number } {
  const p = node.metadata?.position as { x?: unknown; y?: unknown } | undefined;
  if (p && typeof p.x === "number" && typeof p.y === "number" && Number.isFinite(p.x) && Number.isFinite(p.y)) {
    return { x: p.x, y: p.y };
  }
  // No stored position (API-made graphs): a simple left-to-right row.
  return { x: index * (W + 60), y: 0 };
}

/** @example graphSvg(snapshot.nodes, snapshot.links, blockCatalog) // "<svg …>" */
export function graphSvg(nodes: readonly SvgNode[], links: readonly SvgLink[], catalog: BlockCatalog): string {
  const placed = nodes.slice(0, 500).map((node, i) => ({ node, ...positionOf(node, i) }));
  if (placed.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60"><text x="10" y="35" font-family="sans-serif" font-size="14" fill="#666">Empty agent</text></svg>`;
  }
  const minX = Math.min(...placed.map((p) => p.x)) - 20;
  const minY = Math.min(...placed.map((p) => p.y)) - 20;
  const maxX = Math.max(...placed.map((p) => p.x + W)) + 20;
  const maxY = Math.max(...placed.map((p) => p.y + H)) + 20;
  const at = new Map(placed.map((p) => [p.node.id, p]));
  const curves = links.flatMap((link) => {
    const a = at.get(link.source_id);
    const b = at.get(link.sink_id);
    if (!a || !b) return [];
    const [x1, y1, x2, y2] = [a.x + W, a.y + H / 2, b.x, b.y + H / 2];
    const dx = Math.max(40, Math.abs(x2 - x1) / 2);
    return [
      `<path d="M${x1} ${y1} C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}" fill="none" stroke="#8a94a6" stroke-width="2"/>`,
    ];
  });
  const boxes = placed.map(({ node, x, y }) => {
    const block = catalog(node.block_id);
    const label = (block?.name ?? "Missing block").replace(/Block$/, "");
    const fill = block ? "#ffffff" : "#fdecea";
    return `<g><rect x="${x}" y="${y}" width="${W}" height="${H}" rx="8" fill="${fill}" stroke="#3b4252" stroke-width="1.5"/><text x="${x + 12}" y="${y + 29}" font-family="sans-serif" font-size="14" fill="#1f2430">${escapeXml(label.slice(0, 22))}</text></g>`;
  });
  const [w, h] = [maxX - minX, maxY - minY];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX} ${minY} ${w} ${h}" width="${Math.round(w)}" height="${Math.round(h)}" role="img"><rect x="${minX}" y="${minY}" width="${w}" height="${h}" fill="#f4f6fa"/>${curves.join("")}${boxes.join("")}</svg>`;
}
