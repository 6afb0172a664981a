export { default as ThemeToggle } from "./ThemeToggle.svelte";
