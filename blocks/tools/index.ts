import type { AnyBlock } from "../contract";
import { mcpToolBlock } from "./mcp-tool";

export const toolBlocks: AnyBlock[] = [mcpToolBlock];
