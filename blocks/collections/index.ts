import type { AnyBlock } from "../contract";
import { addToDictionaryBlock } from "./add-to-dictionary";
import { addToListBlock } from "./add-to-list";
import { concatenateListsBlock } from "./concatenate-lists";
import { createDictionaryBlock } from "./create-dictionary";
import { createListBlock } from "./create-list";
import { dictionaryIsEmptyBlock } from "./dictionary-is-empty";
import { findInDictionaryBlock } from "./find-in-dictionary";
import { findInListBlock } from "./find-in-list";
import { getListItemBlock } from "./get-list-item";
import { listIsEmptyBlock } from "./list-is-empty";
import { removeFromDictionaryBlock } from "./remove-from-dictionary";
import { removeFromListBlock } from "./remove-from-list";
import { replaceDictionaryValueBlock } from "./replace-dictionary-value";
import { replaceListItemBlock } from "./replace-list-item";

export const collectionsBlocks: AnyBlock[] = [
  createDictionaryBlock,
  addToDictionaryBlock,
  findInDictionaryBlock,
  removeFromDictionaryBlock,
  replaceDictionaryValueBlock,
  dictionaryIsEmptyBlock,
  createListBlock,
  addToListBlock,
  findInListBlock,
  getListItemBlock,
  removeFromListBlock,
  replaceListItemBlock,
  listIsEmptyBlock,
  concatenateListsBlock,
];
