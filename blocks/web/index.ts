import type { AnyBlock } from "../contract";
import { getWikipediaSummaryBlock } from "./get-wikipedia-summary";
import { readRssFeedBlock } from "./read-rss-feed";
import { sendAuthenticatedWebRequestBlock } from "./send-authenticated-web-request";
import { sendWebRequestBlock } from "./send-web-request";

export const webBlocks: AnyBlock[] = [
  sendWebRequestBlock,
  sendAuthenticatedWebRequestBlock,
  readRssFeedBlock,
  getWikipediaSummaryBlock,
];
