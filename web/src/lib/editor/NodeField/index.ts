export { default as NodeField } from "./NodeField.svelte";
