// Every block the platform offers, by folder. A block is listed in its folder's index.ts.
import { agentBlocks } from "./agent";
import { aiBlocks } from "./ai";
import { basicBlocks } from "./basic";
import { collectionsBlocks } from "./collections";
import type { AnyBlock } from "./contract";
import { dataBlocks } from "./data";
import { developerBlocks } from "./developer";
import { ioBlocks } from "./io";
import { jinaBlocks } from "./jina";
import { localBlocks } from "./local";
import { logicBlocks } from "./logic";
import { persistenceBlocks } from "./persistence";
import { textBlocks } from "./text";
import { timeBlocks } from "./time";
import { toolBlocks } from "./tools";
import { webBlocks } from "./web";
import { webhookBlocks } from "./webhook";

/** The platform's own blocks. */
export const platformBlocks: readonly AnyBlock[] = [
  ...ioBlocks,
  ...basicBlocks,
  ...collectionsBlocks,
  ...textBlocks,
  ...logicBlocks,
  ...dataBlocks,
  ...timeBlocks,
  ...webBlocks,
  ...jinaBlocks,
  ...persistenceBlocks,
  ...agentBlocks,
  ...aiBlocks,
  ...developerBlocks,
  ...toolBlocks,
  ...webhookBlocks,
];

/** Every block this deployment offers: the platform's, then its own (blocks/local). */
export const allBlocks: readonly AnyBlock[] = [...platformBlocks, ...localBlocks];

const byId = new Map(allBlocks.map((b) => [b.id, b]));

export const getBlock = (id: string): AnyBlock | undefined => byId.get(id);
