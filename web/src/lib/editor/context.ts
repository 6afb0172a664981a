// The editor store reaches node cards through context; the getter fails loudly outside an editor.
import { getContext, setContext } from "svelte";
import type { EditorStore } from "./editor-store.svelte";

const KEY = Symbol("agentflare.editor");

export function setEditor(store: EditorStore): void {
  setContext(KEY, store);
}

export function getEditor(): EditorStore {
  const store = getContext<EditorStore | undefined>(KEY);
  if (!store) throw new Error("Editor components must be used inside the agent editor");
  return store;
}
