import type { AnyBlock } from "../contract";
import { countdownTimerBlock } from "./countdown-timer";
import { getCurrentDateBlock } from "./get-current-date";
import { getCurrentDateAndTimeBlock } from "./get-current-date-and-time";
import { getCurrentTimeBlock } from "./get-current-time";

export const timeBlocks: AnyBlock[] = [
  getCurrentTimeBlock,
  getCurrentDateBlock,
  getCurrentDateAndTimeBlock,
  countdownTimerBlock,
];
