// How monitoring figures read: cents as dollars, rates as percentages, durations like the run timeline.
import { formatDuration } from "$lib/graph-logic/timeline";

export const dollars = (cents: number) => `$${(cents / 100).toFixed(cents > 0 && cents < 1 ? 4 : 2)}`;
export const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`);
export const ms = (value: number | null) => (value === null ? "—" : formatDuration(value));
export const count = (n: number) => n.toLocaleString("en-US");
