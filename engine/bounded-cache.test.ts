import { describe, expect, it } from "vitest";
import { BoundedCache } from "./bounded-cache";

describe("BoundedCache", () => {
  it("drops the least recently used entry when full", () => {
    const cache = new BoundedCache<string, number>({ max: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recent
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("forgets an entry once its time is up", () => {
    let t = 1000;
    const cache = new BoundedCache<string, string>({ max: 10, ttlMs: 50, now: () => t });
    cache.set("k", "v");
    t += 49;
    expect(cache.get("k")).toBe("v");
    t += 1;
    expect(cache.get("k")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("replacing a key does not evict another", () => {
    const cache = new BoundedCache<string, number>({ max: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("b", 3);
    expect([cache.get("a"), cache.get("b")]).toEqual([1, 3]);
  });

  it("deletes by key and by match", () => {
    const cache = new BoundedCache<string, number>({ max: 10 });
    for (const k of ["g1:1", "g1:2", "g2:1"]) cache.set(k, 0);
    cache.deleteWhere((k) => k.startsWith("g1:"));
    cache.delete("g2:1");
    expect(cache.size).toBe(0);
  });
});
