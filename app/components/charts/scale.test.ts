import { describe, expect, it } from "vitest";
import { labelIndices, niceTicks } from "./scale";

describe("niceTicks", () => {
  it("rounds the top up to a nice number", () => {
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });
  it("an all-zero chart still has an axis", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe("labelIndices", () => {
  it("keeps the first and last label and spaces the rest", () => {
    expect(labelIndices(3, 6)).toEqual([0, 1, 2]);
    expect(labelIndices(90, 4)).toEqual([0, 30, 59, 89]);
  });
});
