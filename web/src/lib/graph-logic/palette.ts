// The block palette: blocks grouped by category, filtered by a search over name and description.
import type { BlockInfo } from "../api/schemas";

export type PaletteGroup = { category: string; blocks: BlockInfo[] };

/** "FillTextTemplateBlock" → "Fill Text Template" (AutoGPT's display convention). */
export function blockDisplayName(name: string): string {
  return name
    .replace(/Block$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .trim();
}

const categoryTitle = (c: string) => c.charAt(0) + c.slice(1).toLowerCase().replaceAll("_", " ");

/**
 * Groups in a stable order (alphabetical, "Other" last); a block in several categories appears in each.
 * NOTE blocks and hidden helper blocks are included: a person may want notes on the canvas.
 */
export function paletteGroups(blocks: readonly BlockInfo[], query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (b: BlockInfo) => {
    const hay = `${b.name} ${blockDisplayName(b.name)} ${b.description}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  const groups = new Map<string, BlockInfo[]>();
  for (const b of blocks) {
    if (!matches(b)) continue;
    const cats = b.categories.length > 0 ? b.categories : ["OTHER"];
    for (const c of cats) groups.set(c, [...(groups.get(c) ?? []), b]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "OTHER" ? 1 : b === "OTHER" ? -1 : a.localeCompare(b)))
    .map(([category, list]) => ({
      category: categoryTitle(category),
      blocks: list.sort((x, y) => blockDisplayName(x.name).localeCompare(blockDisplayName(y.name))),
    }));
}
