export { default as AuthForm } from "./AuthForm.svelte";
