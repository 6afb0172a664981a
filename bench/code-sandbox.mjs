// The JavaScript sandbox of ExecuteCodeBlock (QuickJS in WebAssembly): what a sandbox costs to start, what the
// CPU budget's interrupt checks are worth, and the end-to-end node time of a ~1 ms script in a real run.
//   node bench/code-sandbox.mjs            # sandbox part (in Node's V8, same code and .wasm) + a run on the platform
//   node bench/code-sandbox.mjs --no-run   # sandbox part only
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { apiClient } from "./lib/api.mjs";
import { repoRoot, startPlatform } from "./lib/platform.mjs";

const N = 50;
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(2)} ms`;
// About 1 ms of QuickJS work on the bench machine (2 vCPU); the script itself is timed below.
const ONE_MS_SCRIPT = "let x = 0; for (let i = 0; i < 2000; i++) x += i; x";

/** The sandbox module bundled for Node; the .wasm import becomes a WebAssembly.Module compiled from the file. */
async function loadSandbox() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-bench-")), "sandbox.mjs");
  const wasmFile = path.join(repoRoot, "node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm");
  await build({
    entryPoints: [path.join(repoRoot, "bench/lib/sandbox-entry.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: out,
    logLevel: "error",
    plugins: [
      {
        name: "wasm-module",
        setup(b) {
          b.onResolve({ filter: /emscripten-module\.wasm$/ }, () => ({ path: "wasm", namespace: "wasm" }));
          b.onLoad({ filter: /.*/, namespace: "wasm" }, () => ({
            contents: `import fs from "node:fs"; export default new WebAssembly.Module(fs.readFileSync(${JSON.stringify(wasmFile)}));`,
            loader: "js",
          }));
        },
      },
    ],
  });
  return import(pathToFileURL(out).href);
}

const sandbox = await loadSandbox();
const limits = sandbox.DEFAULT_SANDBOX_LIMITS;

let t = performance.now();
await sandbox.quickJS();
const instantiateMs = performance.now() - t;

const starts = [];
for (let i = 0; i < N; i++) {
  t = performance.now();
  await sandbox.runJavaScript("undefined", limits);
  starts.push(performance.now() - t);
}

const oneMs = [];
for (let i = 0; i < N; i++) {
  t = performance.now();
  const r = await sandbox.runJavaScript(ONE_MS_SCRIPT, limits);
  if (r.error) throw new Error(r.error);
  oneMs.push(performance.now() - t);
}

// Interrupt checks per ms of a busy loop: the budget where the clock stands still (deployed Workers).
const QuickJS = await sandbox.quickJS();
const rt = QuickJS.newRuntime();
let checks = 0;
const t0 = performance.now();
rt.setInterruptHandler(() => {
  checks += 1;
  return performance.now() - t0 > 300;
});
const vm = rt.newContext();
const looped = vm.evalCode("for (;;) {}");
looped.error?.dispose();
const checksPerMs = checks / (performance.now() - t0);
vm.dispose();
rt.dispose();

t = performance.now();
const stopped = await sandbox.runJavaScript("for (;;) {}", { ...limits, cpuMs: 500 });
const loopStopMs = performance.now() - t;
t = performance.now();
const bomb = await sandbox.runJavaScript(
  "const a = [[1]]; for (;;) a.push(a[a.length - 1].concat(a[a.length - 1]))",
  limits,
);
const bombMs = performance.now() - t;

console.log(`sandbox (Node ${process.version}, same .wasm as the Worker)`);
console.log(`  first instantiation of the WebAssembly module: ${ms(instantiateMs)}`);
console.log(`  sandbox start+dispose p50 (empty script), ${N} runs: ${ms(p50(starts))}`);
console.log(`  ~1 ms script p50 (start, run, dispose), ${N} runs: ${ms(p50(oneMs))}`);
console.log(`  interrupt checks per ms of busy loop: ${checksPerMs.toFixed(2)}`);
console.log(`  infinite loop with cpuMs=500 stopped after ${ms(loopStopMs)}: ${stopped.error}`);
console.log(`  memory bomb (${limits.memoryBytes} B heap) stopped after ${ms(bombMs)}: ${bomb.error}`);

if (!process.argv.includes("--no-run")) {
  // The editor is built too: wrangler refuses to start without the assets folder.
  const platform = await startPlatform({ buildWeb: !fs.existsSync(path.join(repoRoot, "web/.svelte-kit/cloudflare")) });
  try {
    const api = apiClient(platform.base);
    await api.signIn();
    const agent = await api.createAgent({
      name: "bench code",
      description: "one ExecuteCode node",
      nodes: [
        {
          id: "code",
          block_id: "0b02b072-abe7-11ef-8372-fb5d162dd712",
          input_default: { language: "js", code: ONE_MS_SCRIPT },
          metadata: {},
        },
        { id: "out", block_id: "363ae599-353e-4804-937e-b2ee3cef3da4", input_default: { name: "r" }, metadata: {} },
      ],
      links: [{ source_id: "code", source_name: "response", sink_id: "out", sink_name: "value", is_static: false }],
    });
    const nodeMs = [];
    const runMs = [];
    for (let i = 0; i < N + 5; i++) {
      const r = await api.execute(agent.id, { inputs: {} }, 30);
      if (r.status !== 200 || r.body.status !== "COMPLETED")
        throw new Error(`run: ${r.status} ${JSON.stringify(r.body)}`);
      if (i < 5) continue; // warm-up
      const node = Object.entries(r.body.stats.node_wall_time).find(([id]) => id.startsWith("code"));
      nodeMs.push((node?.[1] ?? Number.NaN) * 1000);
      runMs.push(r.body.stats.duration * 1000);
    }
    console.log("platform (npm start, local workerd), ExecuteCode node running the ~1 ms script:");
    console.log(`  node wall time p50, ${N} runs: ${ms(p50(nodeMs))}`);
    console.log(`  whole run (2 nodes) p50: ${ms(p50(runMs))}`);
  } finally {
    await platform.stop();
  }
}
