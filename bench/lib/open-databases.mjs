// Counting resident Durable Objects by their open SQLite files, one way for the memory-growth experiments.
import fs from "node:fs";
import { descendants } from "./proc.mjs";

/** Open `.sqlite` files across the processes under pid: the Durable Objects (run databases) resident now. */
export function openDatabases(pid) {
  let n = 0;
  for (const p of descendants(pid)) {
    let fds = [];
    try {
      fds = fs.readdirSync(`/proc/${p}/fd`);
    } catch {}
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${p}/fd/${fd}`).endsWith(".sqlite")) n++;
      } catch {}
    }
  }
  return n;
}
