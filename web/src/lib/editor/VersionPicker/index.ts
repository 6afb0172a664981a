export { default as VersionPicker } from "./VersionPicker.svelte";
