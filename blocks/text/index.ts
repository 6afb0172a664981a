import type { AnyBlock } from "../contract";
import { fillTextTemplateBlock } from "./fill-text-template";

export const textBlocks: AnyBlock[] = [fillTextTemplateBlock];
