export { default as BlockNode } from "./BlockNode.svelte";
