export { default as NoteNode } from "./NoteNode.svelte";
