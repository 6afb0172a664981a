export { default as McpToolPicker } from "./McpToolPicker.svelte";
