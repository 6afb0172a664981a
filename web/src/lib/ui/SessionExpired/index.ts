export { default as SessionExpired } from "./SessionExpired.svelte";
