import { describe, expect, it } from "vitest";
import { shopMemo } from "./shop-memo.server";

describe("shopMemo", () => {
  it("computes once for concurrent requests of the same shop and key, again for another key", async () => {
    const memo = shopMemo<number>();
    let calls = 0;
    const compute = async () => ++calls;
    const [a, b] = await Promise.all([memo("s1", "day-1", compute), memo("s1", "day-1", compute)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    expect(await memo("s1", "day-2", compute)).toBe(2);
    expect(await memo("s2", "day-2", compute)).toBe(3);
  });

  it("keeps nothing once settled: the next request computes from the database again", async () => {
    const memo = shopMemo<number>();
    let calls = 0;
    expect(await memo("s1", "day-1", async () => ++calls)).toBe(1);
    expect(await memo("s1", "day-1", async () => ++calls)).toBe(2);
  });

  it("does not keep a failure", async () => {
    const memo = shopMemo<number>();
    await expect(memo("s1", "k", async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await memo("s1", "k", async () => 7)).toBe(7);
  });
});
