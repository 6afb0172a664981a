export { default as RunTimeline } from "./RunTimeline.svelte";
