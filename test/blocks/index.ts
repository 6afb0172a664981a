// The test suite's blocks, in the one registry in place of blocks/local (vitest.config.ts aliases it), so tests
// save, import and run them through the same catalog as every block.
import type { AnyBlock } from "../../blocks/contract";
import { bigOutputBlock } from "./big-output";
import {
  credentialEchoBlock,
  credentialProbeBlock,
  modelProbeBlock,
  scheduleCredentialProbeBlock,
} from "./credential-probes";
import { failBlock, flakyBlock, sleepBlock } from "./engine";

export const localBlocks: readonly AnyBlock[] = [
  sleepBlock,
  failBlock,
  flakyBlock,
  credentialProbeBlock,
  credentialEchoBlock,
  modelProbeBlock,
  scheduleCredentialProbeBlock,
  bigOutputBlock,
];
