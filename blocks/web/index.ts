import type { AnyBlock } from "../contract";
import { readRssFeedBlock } from "./read-rss-feed";
import { sendWebRequestBlock } from "./send-web-request";

export const webBlocks: AnyBlock[] = [sendWebRequestBlock, readRssFeedBlock];
