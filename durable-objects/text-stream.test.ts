// Live AI text: at most one event per 50 ms per node execution, the first at once, the latest never lost.
import { describe, expect, it, vi } from "vitest";
import type { NodeExec } from "../engine/node-exec";
import { TextStreamThrottle } from "./text-stream";

const exec = (id: string) => ({ id, status: "RUNNING" }) as NodeExec;

describe("TextStreamThrottle", () => {
  it("sends the first text at once, then at most one per interval with the latest text", async () => {
    vi.useFakeTimers();
    try {
      const sent: [string, string][] = [];
      const throttle = new TextStreamThrottle(
        (e, text) => sent.push([e.id, text]),
        50,
        () => Date.now(),
      );
      const a = exec("a");
      const b = exec("b");
      throttle.push(a, "H");
      throttle.push(a, "He");
      throttle.push(a, "Hel");
      throttle.push(b, "x");
      expect(sent).toEqual([
        ["a", "H"],
        ["b", "x"],
      ]);
      await vi.advanceTimersByTimeAsync(50);
      expect(sent).toEqual([
        ["a", "H"],
        ["b", "x"],
        ["a", "Hel"],
      ]);
      // 200 pushes over one second: ≤ 20 sends (plus the trailing one).
      for (let i = 0; i < 200; i++) {
        throttle.push(a, `t${i}`);
        await vi.advanceTimersByTimeAsync(5);
      }
      await vi.advanceTimersByTimeAsync(50);
      const forA = sent.filter(([id]) => id === "a").slice(2);
      expect(forA.length).toBeLessThanOrEqual(21);
      expect(forA.at(-1)?.[1]).toBe("t199");
    } finally {
      vi.useRealTimers();
    }
  });
});
