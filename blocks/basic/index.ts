import type { AnyBlock } from "../contract";
import { fileStoreBlock } from "./file-store";
import { noteBlock } from "./note";
import { printToConsoleBlock } from "./print-to-console";
import { reverseListOrderBlock } from "./reverse-list-order";
import { storeValueBlock } from "./store-value";
import { universalTypeConverterBlock } from "./universal-type-converter";

export const basicBlocks: AnyBlock[] = [
  storeValueBlock,
  printToConsoleBlock,
  noteBlock,
  universalTypeConverterBlock,
  reverseListOrderBlock,
  fileStoreBlock,
];
