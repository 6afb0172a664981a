// Limits of the JavaScript sandbox (ExecuteCodeBlock). Defaults here; the Worker's env overrides them
// (CODE_EXEC_* in wrangler.toml [vars], listed in the README's configuration table).
import { z } from "zod";

export type SandboxLimits = {
  /** CPU time one execution may use, in ms (a block's `timeout` can only lower it). */
  cpuMs: number;
  /** Heap of the sandbox's JavaScript runtime, in bytes. */
  memoryBytes: number;
  /** Native stack of the sandbox (deep recursion ends with a RangeError), in bytes. */
  stackBytes: number;
  /** stdout + stderr + the serialised result together, in bytes (UTF-16 code units). */
  outputBytes: number;
};

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  cpuMs: 2_000,
  memoryBytes: 32 * 1024 * 1024,
  stackBytes: 512 * 1024,
  outputBytes: 1024 * 1024,
};

const positive = z.coerce.number().int().positive();

/**
 * Reads CODE_EXEC_CPU_MS, CODE_EXEC_MEMORY_BYTES, CODE_EXEC_STACK_BYTES, CODE_EXEC_OUTPUT_BYTES; an unset or bad
 * value keeps the default.
 */
export function sandboxLimitsFromEnv(env: Record<string, unknown>): SandboxLimits {
  const read = (name: string, fallback: number) => {
    const parsed = positive.safeParse(env[name]);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    cpuMs: read("CODE_EXEC_CPU_MS", DEFAULT_SANDBOX_LIMITS.cpuMs),
    memoryBytes: read("CODE_EXEC_MEMORY_BYTES", DEFAULT_SANDBOX_LIMITS.memoryBytes),
    stackBytes: read("CODE_EXEC_STACK_BYTES", DEFAULT_SANDBOX_LIMITS.stackBytes),
    outputBytes: read("CODE_EXEC_OUTPUT_BYTES", DEFAULT_SANDBOX_LIMITS.outputBytes),
  };
}
