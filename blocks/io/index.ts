import type { AnyBlock } from "../contract";
import { agentDateInputBlock } from "./agent-date-input";
import { agentDropdownInputBlock } from "./agent-dropdown-input";
import { agentFileInputBlock } from "./agent-file-input";
import { agentInputBlock } from "./agent-input";
import { agentLongTextInputBlock } from "./agent-long-text-input";
import { agentNumberInputBlock } from "./agent-number-input";
import { agentOutputBlock } from "./agent-output";
import { agentShortTextInputBlock } from "./agent-short-text-input";
import { agentTableInputBlock } from "./agent-table-input";
import { agentTimeInputBlock } from "./agent-time-input";
import { agentToggleInputBlock } from "./agent-toggle-input";

export const ioBlocks: AnyBlock[] = [
  agentInputBlock,
  agentOutputBlock,
  agentShortTextInputBlock,
  agentLongTextInputBlock,
  agentNumberInputBlock,
  agentDropdownInputBlock,
  agentToggleInputBlock,
  agentDateInputBlock,
  agentTimeInputBlock,
  agentFileInputBlock,
  agentTableInputBlock,
];
