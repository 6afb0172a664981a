import type { AnyBlock } from "../contract";
import { getWikipediaSummaryBlock } from "./get-wikipedia-summary";
import { readRssFeedBlock } from "./read-rss-feed";
import { sendWebRequestBlock } from "./send-web-request";

export const webBlocks: AnyBlock[] = [sendWebRequestBlock, readRssFeedBlock, getWikipediaSummaryBlock];
