// The JavaScript sandbox in workerd: results, logs, limits and what the code cannot reach.
import { describe, expect, it } from "vitest";
import { DEFAULT_SANDBOX_LIMITS } from "./limits";
import { runJavaScript } from "./quickjs-sandbox";
import { stripTypes } from "./strip-types";

const limits = { ...DEFAULT_SANDBOX_LIMITS, cpuMs: 300, memoryBytes: 8 * 1024 * 1024, outputBytes: 10_000 };

describe("runJavaScript", () => {
  it("returns the last expression and the logs", async () => {
    const r = await runJavaScript("console.log('hi', {a: 1}); console.error('bad'); [1, 2].map((x) => x * 2)", limits);
    expect(r).toEqual({ value: [2, 4], text: "[2,4]", hasResult: true, stdout: 'hi {"a":1}\n', stderr: "bad\n" });
  });

  it("calls an exported main and awaits it", async () => {
    const r = await runJavaScript("export async function main() { await null; return { ok: true }; }", limits);
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual({ ok: true });
  });

  it("reports a thrown error with the logs printed before it", async () => {
    const r = await runJavaScript("console.log('before'); throw new TypeError('nope')", limits);
    expect(r.error).toBe("TypeError: nope");
    expect(r.stdout).toBe("before\n");
  });

  it("stops an infinite loop at the CPU limit", async () => {
    const started = Date.now();
    const r = await runJavaScript("while (true) {}", limits);
    expect(r.error).toMatch(/CPU time limit of 300 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
    // The sandbox keeps working afterwards.
    expect((await runJavaScript("1 + 1", limits)).value).toBe(2);
  });

  it("stops a memory bomb at the heap limit", async () => {
    const r = await runJavaScript("const a = []; for (;;) a.push({ i: a.length })", {
      ...limits,
      cpuMs: 20_000,
      memoryBytes: 2 * 1024 * 1024,
    });
    expect(r.error).toBe("InternalError: out of memory");
    expect((await runJavaScript("'still ' + 'alive'", limits)).value).toBe("still alive");
  });

  it("stops filling a huge array at a limit, within seconds", async () => {
    const started = Date.now();
    const r = await runJavaScript("new Array(1e7).fill(0).length", { ...limits, memoryBytes: 64 * 1024 * 1024 });
    expect(r.error).toMatch(/CPU time limit|out of memory/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops output past the limit", async () => {
    const r = await runJavaScript("for (;;) console.log('x'.repeat(100))", limits);
    expect(r.error).toMatch(/output limit of 10000 bytes/);
    expect(r.stdout.length).toBeLessThanOrEqual(10_000);
  });

  it("has no host globals, bindings, network or timers", async () => {
    const r = await runJavaScript(
      `[typeof fetch, typeof env, typeof process, typeof setTimeout, typeof setInterval, typeof WebAssembly,
        typeof globalThis.caches, typeof require, typeof Deno, typeof navigator, typeof crypto]`,
      limits,
    );
    expect(r.value).toEqual(Array(11).fill("undefined"));
    const viaConstructor = await runJavaScript(
      "(function(){ return this })().constructor.constructor('return typeof fetch')()",
      limits,
    );
    expect(viaConstructor.value).toBe("undefined");
    const imported = await runJavaScript("import fs from 'fs'; export const main = () => 1", limits);
    expect(imported.error).toBeDefined();
  });

  it("refuses a promise that can never settle", async () => {
    const r = await runJavaScript("new Promise(() => {})", limits);
    expect(r.error).toMatch(/never settled/);
  });

  it("runs TypeScript once types are stripped", async () => {
    const code = stripTypes(
      "interface P { n: number }\nconst p: P = { n: 2 };\nexport function main(): number { return p.n * 21 }",
    );
    expect((await runJavaScript(code, limits)).value).toBe(42);
  });
});
