import type { AnyBlock } from "../contract";
import { extractWebsiteContentBlock } from "./extract-website-content";
import { searchTheWebBlock } from "./search-the-web";

export const jinaBlocks: AnyBlock[] = [searchTheWebBlock, extractWebsiteContentBlock];
