import { describe, expect, it } from "vitest";
import { chunks } from "./chunks";

describe("chunks", () => {
  it("cuts 7 items into chunks of 3, 3 and 1, in their order", () => {
    expect([...chunks([1, 2, 3, 4, 5, 6, 7], 3)]).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("gives one chunk when the items fit in one, and none for no items", () => {
    expect([...chunks(["a", "b"], 500)]).toEqual([["a", "b"]]);
    expect([...chunks([], 500)]).toEqual([]);
  });

  it("takes a generator's items one chunk at a time, without reading ahead", () => {
    const read: number[] = [];
    function* rows() {
      for (let row = 1; row <= 5; row++) {
        read.push(row);
        yield row;
      }
    }
    const taken = chunks(rows(), 2);
    expect(taken.next().value).toEqual([1, 2]);
    expect(read).toEqual([1, 2]);
    expect([...taken]).toEqual([[3, 4], [5]]);
  });

  it("refuses a size of 0 or a fraction where it is called, which would never end or cut mid-item", () => {
    expect(() => chunks([1], 0)).toThrow("A chunk's size must be a whole number above 0, got 0.");
    expect(() => chunks([1], 2.5)).toThrow(RangeError);
  });
});
