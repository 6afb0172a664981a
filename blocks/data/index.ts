import type { AnyBlock } from "../contract";
import { dataSamplingBlock } from "./data-sampling";
import { jsonParseBlock } from "./json-parse";
import { jsonPathExtractBlock } from "./json-path-extract";
import { readSpreadsheetBlock } from "./read-spreadsheet";
import { xmlParserBlock } from "./xml-parser";

export const dataBlocks: AnyBlock[] = [
  xmlParserBlock,
  readSpreadsheetBlock,
  jsonParseBlock,
  jsonPathExtractBlock,
  dataSamplingBlock,
];
