import type { AnyBlock } from "../contract";
import { executeCodeBlock } from "./execute-code";

export const developerBlocks: AnyBlock[] = [executeCodeBlock];
