export { BLOCK_MIME } from "./mime";
export { default as Palette } from "./Palette.svelte";
