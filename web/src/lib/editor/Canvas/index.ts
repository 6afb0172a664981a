export { default as Canvas } from "./Canvas.svelte";
