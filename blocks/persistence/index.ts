import type { AnyBlock } from "../contract";
import { persistInformationBlock } from "./persist-information";
import { retrieveInformationBlock } from "./retrieve-information";

export const persistenceBlocks: AnyBlock[] = [persistInformationBlock, retrieveInformationBlock];
