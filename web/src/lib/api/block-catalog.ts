// The block catalogue changes only on deploy: fetch it once per page load and share it.
import { blocks } from "./endpoints";
import type { BlockInfo } from "./schemas";

let cached: Promise<ReadonlyMap<string, BlockInfo>> | null = null;

export function loadBlocks(): Promise<ReadonlyMap<string, BlockInfo>> {
  cached ??= blocks.list().then(
    (list) => new Map(list.map((b) => [b.id, b])),
    (error) => {
      cached = null;
      throw error;
    },
  );
  return cached;
}
