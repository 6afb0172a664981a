export { default as FileDownloads } from "./FileDownloads.svelte";
