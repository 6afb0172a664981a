// Live AI text: at most one event per 50 ms per node execution, the first at once, the latest never lost.
import { describe, expect, it } from "vitest";
import type { NodeExec } from "../engine/node-exec";
import { TextStreamThrottle } from "./text-stream";

const exec = (id: string) => ({ id, status: "RUNNING" }) as NodeExec;

describe("TextStreamThrottle", () => {
  it("sends the first text at once, then at most one per interval with the latest text", () => {
    // A clock of the test's own: global fake timers would also drive other code sharing this isolate.
    let clock = 0;
    const due: { at: number; fn: () => void }[] = [];
    const advance = (ms: number) => {
      const until = clock + ms;
      for (let next = due.sort((x, y) => x.at - y.at)[0]; next && next.at <= until; next = due[0]) {
        due.shift();
        clock = next.at;
        next.fn();
        due.sort((x, y) => x.at - y.at);
      }
      clock = until;
    };
    const sent: [string, string][] = [];
    const throttle = new TextStreamThrottle(
      (e, text) => sent.push([e.id, text]),
      50,
      () => clock,
      (fn, ms) => due.push({ at: clock + ms, fn }),
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
    advance(50);
    expect(sent).toEqual([
      ["a", "H"],
      ["b", "x"],
      ["a", "Hel"],
    ]);
    // 200 pushes over one second: ≤ 20 sends (plus the trailing one).
    for (let i = 0; i < 200; i++) {
      throttle.push(a, `t${i}`);
      advance(5);
    }
    advance(50);
    const forA = sent.filter(([id]) => id === "a").slice(2);
    expect(forA.length).toBeLessThanOrEqual(21);
    expect(forA.length).toBeGreaterThanOrEqual(19);
    expect(forA.at(-1)?.[1]).toBe("t199");
  });

  it("flush resolves once the held-back text has gone out, at the end of its window, not before", async () => {
    let clock = 0;
    const timers: (() => void)[] = [];
    const sent: string[] = [];
    const throttle = new TextStreamThrottle(
      (_e, text) => sent.push(text),
      50,
      () => clock,
      (fn) => timers.push(fn),
    );
    const a = exec("a");
    await throttle.flush(a);
    throttle.push(a, "H");
    await throttle.flush(a);
    throttle.push(a, "He");
    throttle.push(a, "Hel");
    let flushed = false;
    const flushing = throttle.flush(a).then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    expect(sent).toEqual(["H"]);
    clock = 50;
    timers.shift()?.();
    await flushing;
    expect(sent).toEqual(["H", "Hel"]);
  });
});
