export { default as NodePanel } from "./NodePanel.svelte";
