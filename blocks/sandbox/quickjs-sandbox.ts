// Untrusted JavaScript runs in QuickJS compiled to WebAssembly, inside the Worker: a separate JavaScript engine
// with its own heap, so the code sees only ECMAScript built-ins and the `console` given here — no bindings,
// env, fetch, timers or host globals exist in it. Each execution gets a fresh QuickJS runtime (heap limit,
// stack limit, interrupt handler for CPU time); the WebAssembly instance is shared by the isolate.
import releaseSync from "@jitl/quickjs-wasmfile-release-sync";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from "quickjs-emscripten-core";
// A relative path ending in .wasm: wrangler's bundler turns only such imports into a compiled module (the
// package's "./wasm" export name has no extension).
import wasmModule from "../../node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm";
import type { SandboxLimits } from "./limits";

export type SandboxResult = {
  /** The result as JSON (undefined when the code produced none or it has no JSON form). */
  value: unknown;
  /** The result as text (strings as they are, everything else as JSON or String()); "" when none. */
  text: string;
  hasResult: boolean;
  stdout: string;
  stderr: string;
  /** Set when the code threw, was stopped by a limit, or its result was too large. */
  error?: string;
};

/**
 * QuickJS calls its interrupt handler every ~10k bytecode branches. Where the clock stands still while code runs
 * (deployed Workers advance time only on I/O) these calls are the CPU budget: about 30 per ms of busy loop were
 * measured on the bench machine (bench/code-sandbox.mjs), so the budget allows 60 per ms of the limit — at most
 * about twice the limit in CPU time on a machine like it; locally the clock stops the code first.
 */
const CHECKS_PER_MS = 60;

let modulePromise: Promise<QuickJSWASMModule> | undefined;

/** The isolate's QuickJS module (instantiated once from the imported WebAssembly.Module). */
export function quickJS(): Promise<QuickJSWASMModule> {
  modulePromise ??= newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule }));
  return modulePromise;
}

// console is defined inside the sandbox so formatting costs the sandbox's budget, not the host's.
const PRELUDE = `(() => {
  const write = globalThis.__write;
  delete globalThis.__write;
  const show = (v) => {
    if (typeof v === "string") return v;
    if (typeof v === "function") return "[Function " + (v.name || "anonymous") + "]";
    if (typeof v === "bigint" || typeof v === "symbol" || v === undefined) return String(v);
    if (v instanceof Error) return v.name + ": " + v.message;
    try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch { return String(v); }
  };
  const line = (fd) => (...args) => { write(fd, args.map(show).join(" ") + "\\n"); };
  // QuickJS's native fill on a sparse array is quadratic and never reaches an interrupt check; a bytecode
  // loop does, so the CPU limit holds.
  Object.defineProperty(Array.prototype, "fill", { writable: true, configurable: true, value: function fill(v, start = 0, end = this.length) {
    const n = this.length >>> 0;
    let i = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
    const last = end < 0 ? Math.max(n + end, 0) : Math.min(end, n);
    for (; i < last; i++) this[i] = v;
    return this;
  } });
  globalThis.console = Object.freeze({ log: line(1), info: line(1), debug: line(1), trace: line(2), warn: line(2), error: line(2) });
})();`;

/** ES module syntax at the start of a line means the code is a module (its `main` or default export is called). */
const MODULE_SYNTAX = /^\s*(export\s|import\s*[\w{*"'])/m;

class LimitError extends Error {}

/**
 * Runs `code` (JavaScript) and returns what it printed and its result: the value of the last expression, or for a
 * module the result of its exported `main()` (else its default export). Promises are awaited; the sandbox has
 * no timers, so a promise that never settles is an error.
 * @example await runJavaScript("console.log('hi'); 1 + 1", DEFAULT_SANDBOX_LIMITS) // { value: 2, text: "2", stdout: "hi\n", ... }
 */
export async function runJavaScript(code: string, limits: SandboxLimits): Promise<SandboxResult> {
  const QuickJS = await quickJS();
  const runtime = QuickJS.newRuntime({ memoryLimitBytes: limits.memoryBytes, maxStackSizeBytes: limits.stackBytes });
  const output = { stdout: "", stderr: "", size: 0, exceeded: false };
  const started = performance.now();
  let checks = 0;
  let stopped = false;
  runtime.setInterruptHandler(() => {
    checks += 1;
    if (checks > limits.cpuMs * CHECKS_PER_MS || performance.now() - started > limits.cpuMs) stopped = true;
    return stopped;
  });
  const vm = runtime.newContext();
  try {
    installConsole(vm, output, limits.outputBytes);
    const result = evaluate(vm, runtime, code);
    const limitError = () =>
      stopped
        ? `Execution stopped: CPU time limit of ${limits.cpuMs} ms exceeded`
        : output.exceeded
          ? `Execution stopped: output limit of ${limits.outputBytes} bytes exceeded`
          : undefined;
    if ("error" in result) {
      return { value: undefined, text: "", hasResult: false, ...logs(output), error: limitError() ?? result.error };
    }
    const overLimit = limitError();
    if (overLimit) return { value: undefined, text: "", hasResult: false, ...logs(output), error: overLimit };
    const { value, text } = result;
    if (text.length + output.size > limits.outputBytes) {
      return {
        value: undefined,
        text: "",
        hasResult: false,
        ...logs(output),
        error: `Result too large: output limit of ${limits.outputBytes} bytes exceeded`,
      };
    }
    return { value, text, hasResult: result.hasResult, ...logs(output) };
  } finally {
    vm.dispose();
    runtime.dispose();
  }
}

const logs = (o: { stdout: string; stderr: string }) => ({ stdout: o.stdout, stderr: o.stderr });

function installConsole(
  vm: QuickJSContext,
  output: { stdout: string; stderr: string; size: number; exceeded: boolean },
  maxBytes: number,
) {
  const write = vm.newFunction("__write", (fdHandle, textHandle) => {
    const text = vm.getString(textHandle);
    if (output.size + text.length > maxBytes) {
      output.exceeded = true;
      throw new LimitError(`output limit of ${maxBytes} bytes exceeded`);
    }
    output.size += text.length;
    if (vm.getNumber(fdHandle) === 2) output.stderr += text;
    else output.stdout += text;
  });
  vm.setProp(vm.global, "__write", write);
  write.dispose();
  vm.unwrapResult(vm.evalCode(PRELUDE, "prelude.js")).dispose();
}

type Evaluated = { value: unknown; text: string; hasResult: boolean } | { error: string };

function evaluate(vm: QuickJSContext, runtime: QuickJSRuntime, code: string): Evaluated {
  const isModule = MODULE_SYNTAX.test(code);
  const evaluated = vm.evalCode(code, isModule ? "main.mjs" : "main.js", { type: isModule ? "module" : "global" });
  if (evaluated.error) return { error: errorText(vm, evaluated.error) };
  let handle = settle(vm, runtime, evaluated.value);
  if ("error" in handle) return handle;
  if (isModule) {
    // The module's namespace: call `main` (or a default export function), else take the default export.
    const exportsHandle = handle.ok;
    const main = vm.getProp(exportsHandle, "main");
    const fallback = vm.getProp(exportsHandle, "default");
    const callable = vm.typeof(main) === "function" ? main : vm.typeof(fallback) === "function" ? fallback : null;
    if (callable) {
      const called = vm.callFunction(callable, vm.undefined);
      main.dispose();
      fallback.dispose();
      exportsHandle.dispose();
      if (called.error) return { error: errorText(vm, called.error) };
      handle = settle(vm, runtime, called.value);
      if ("error" in handle) return handle;
    } else {
      main.dispose();
      exportsHandle.dispose();
      handle = settle(vm, runtime, fallback);
      if ("error" in handle) return handle;
    }
  }
  const resultHandle = handle.ok;
  try {
    return describe(vm, resultHandle);
  } finally {
    resultHandle.dispose();
  }
}

/** Awaits a promise by running the sandbox's job queue (there are no timers, so jobs are all there is). */
function settle(
  vm: QuickJSContext,
  runtime: QuickJSRuntime,
  handle: QuickJSHandle,
): { ok: QuickJSHandle } | { error: string } {
  if (!isPromise(vm, handle)) return { ok: handle };
  for (;;) {
    const state = vm.getPromiseState(handle);
    if (state.type === "fulfilled") {
      handle.dispose();
      return { ok: state.value };
    }
    if (state.type === "rejected") {
      handle.dispose();
      return { error: errorText(vm, state.error) };
    }
    const jobs = runtime.executePendingJobs();
    if (jobs.error) {
      handle.dispose();
      return { error: errorText(vm, jobs.error) };
    }
    if (jobs.value === 0 && vm.getPromiseState(handle).type === "pending") {
      handle.dispose();
      return { error: "The code's promise never settled (the sandbox has no timers or I/O to wait for)" };
    }
  }
}

function isPromise(vm: QuickJSContext, handle: QuickJSHandle): boolean {
  if (vm.typeof(handle) !== "object") return false;
  const state = vm.getPromiseState(handle);
  // A non-promise comes back as "fulfilled" with the same handle and notAPromise set.
  if (state.type === "fulfilled") {
    if (state.notAPromise) return false;
    state.value.dispose();
  }
  return true;
}

function describe(vm: QuickJSContext, handle: QuickJSHandle): { value: unknown; text: string; hasResult: boolean } {
  const kind = vm.typeof(handle);
  if (kind === "undefined") return { value: undefined, text: "", hasResult: false };
  if (kind === "string") {
    const text = vm.getString(handle);
    return { value: text, text, hasResult: true };
  }
  if (kind === "function" || kind === "symbol" || kind === "bigint") {
    const text = String(vm.dump(handle));
    return { value: undefined, text, hasResult: true };
  }
  const value = vm.dump(handle);
  const json = JSON.stringify(value);
  return { value: json === undefined ? undefined : JSON.parse(json), text: json ?? String(value), hasResult: true };
}

function errorText(vm: QuickJSContext, handle: QuickJSHandle): string {
  try {
    const dumped = vm.dump(handle) as { name?: string; message?: string } | string;
    if (dumped && typeof dumped === "object" && "message" in dumped) {
      return `${dumped.name ?? "Error"}: ${dumped.message}`;
    }
    return `Uncaught ${typeof dumped === "string" ? dumped : JSON.stringify(dumped)}`;
  } finally {
    handle.dispose();
  }
}
