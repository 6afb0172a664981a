export { default as RunDialog } from "./RunDialog.svelte";
