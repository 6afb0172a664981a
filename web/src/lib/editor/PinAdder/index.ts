export { default as PinAdder } from "./PinAdder.svelte";
