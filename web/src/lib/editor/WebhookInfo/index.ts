export { default as WebhookInfo } from "./WebhookInfo.svelte";
