export { default as SchedulesPanel } from "./SchedulesPanel.svelte";
