// This deployment's own blocks, added to the platform's in the one registry (blocks/registry.ts): an operator
// lists theirs here. The platform ships none. The test suite swaps this module for test/blocks/index.ts
// (vitest.config.ts), so its test-only blocks (a sleeper, a failer, credential probes) are saved, imported and
// run through the same catalog as every other block.
import type { AnyBlock } from "../contract";

export const localBlocks: readonly AnyBlock[] = [];
