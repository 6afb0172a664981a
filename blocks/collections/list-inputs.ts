// The shared `lists` input of the list-combining blocks, and AutoGPT's check that each item is a list
// (None items are skipped).
import { z } from "zod";

export const listsField = (description: string, placeholder: string) =>
  z.array(z.unknown()).meta({ description, placeholder });

/** AutoGPT's message for the first item that is neither a list nor None, or undefined when all are fine. */
export function invalidListItem(lists: unknown[]): string | undefined {
  const bad = lists.findIndex((item) => item !== null && !Array.isArray(item));
  if (bad < 0) return undefined;
  const got = lists[bad];
  const type = typeof got === "object" ? "dict" : typeof got === "string" ? "str" : typeof got;
  return `Invalid input at index ${bad}: expected a list, got ${type}. All items in 'lists' must be lists (e.g., [[1, 2], [3, 4]]).`;
}

/** The lists, None items dropped (after `invalidListItem` found none of another type). */
export const presentLists = (lists: unknown[]) => lists.filter((l): l is unknown[] => Array.isArray(l));
