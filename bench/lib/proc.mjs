// Process-tree helpers from /proc: resident memory of a process tree, and finding the workerd processes
// that `npm start` (node -> wrangler -> workerd) spawned.
import fs from "node:fs";

function childrenMap() {
  const map = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!map.has(ppid)) map.set(ppid, []);
      map.get(ppid).push(Number(d));
    } catch {
      // the process exited while we listed /proc
    }
  }
  return map;
}

function comm(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

function rssKb(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Every pid under root (root included). */
export function descendants(root) {
  const map = childrenMap();
  const out = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    out.push(p);
    for (const c of map.get(p) ?? []) stack.push(c);
  }
  return out;
}

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/**
 * Resident memory (MB) under root: the whole tree (start.mjs, wrangler's Node, esbuild, workerd), all workerd
 * processes, and the runtime alone. `wrangler dev` runs two workerd processes: a small proxy on the public port and
 * the runtime that hosts our Worker, Durable Objects, D1 and R2 (the one started with an inspector address); the
 * runtime is what a self-hosted deployment keeps resident.
 */
/** The runtime workerd (started with an inspector address), as against wrangler's dev proxy (see treeRss). */
const isRuntime = (pid) => comm(pid) === "workerd" && cmdline(pid).some((a) => a.startsWith("--inspector-addr"));

/** The runtime workerd's pid under root (a new one after wrangler restarted it, e.g. for a changed file). */
export const runtimePid = (root) => descendants(root).find(isRuntime);

/** CPU time (user + system, ms) used so far by the runtime workerd under root (see treeRss). */
export function runtimeCpuMs(root) {
  let ms = 0;
  for (const p of descendants(root)) {
    if (!isRuntime(p)) continue;
    const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ms += (Number(fields[11]) + Number(fields[12])) * (1000 / 100); // clock ticks, USER_HZ = 100 on Linux
  }
  return ms;
}

export function treeRss(root) {
  let total = 0;
  let workerd = 0;
  let runtime = 0;
  const pids = descendants(root);
  for (const p of pids) {
    const kb = rssKb(p);
    total += kb;
    if (comm(p) !== "workerd") continue;
    workerd += kb;
    if (isRuntime(p)) runtime += kb;
  }
  const mb = (kb) => +(kb / 1024).toFixed(1);
  return { tree_mb: mb(total), workerd_mb: mb(workerd), runtime_mb: mb(runtime), processes: pids.length };
}

/** Disk bytes under a directory (files only, like `du --apparent-size` but counting allocated blocks). */
export function diskBytes(dir) {
  let total = 0;
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          total += fs.statSync(p).blocks * 512;
        } catch {
          // removed while walking (SQLite journals come and go)
        }
      }
    }
  };
  walk(dir);
  return total;
}

/** The 1-minute load average, reported beside every figure (the machine is shared). */
export function loadAvg() {
  return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
}
