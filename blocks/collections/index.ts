import type { AnyBlock } from "../contract";
import { addToDictionaryBlock } from "./add-to-dictionary";
import { addToListBlock } from "./add-to-list";
import { concatenateListsBlock } from "./concatenate-lists";
import { createDictionaryBlock } from "./create-dictionary";
import { createListBlock } from "./create-list";
import { dictionaryIsEmptyBlock } from "./dictionary-is-empty";
import { findInDictionaryBlock } from "./find-in-dictionary";
import { findInListBlock } from "./find-in-list";
import { flattenListBlock } from "./flatten-list";
import { getListItemBlock } from "./get-list-item";
import { interleaveListsBlock } from "./interleave-lists";
import { listDifferenceBlock } from "./list-difference";
import { listIntersectionBlock } from "./list-intersection";
import { listIsEmptyBlock } from "./list-is-empty";
import { removeFromDictionaryBlock } from "./remove-from-dictionary";
import { removeFromListBlock } from "./remove-from-list";
import { replaceDictionaryValueBlock } from "./replace-dictionary-value";
import { replaceListItemBlock } from "./replace-list-item";
import { zipListsBlock } from "./zip-lists";

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
  flattenListBlock,
  interleaveListsBlock,
  zipListsBlock,
  listDifferenceBlock,
  listIntersectionBlock,
];
