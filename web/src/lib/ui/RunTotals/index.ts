export * from "./format";
export { default as RunTotals } from "./RunTotals.svelte";
