export { default as ReviewPrompt } from "./ReviewPrompt.svelte";
