export { default as JsonTree } from "./JsonTree.svelte";
