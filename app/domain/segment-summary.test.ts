import { describe, expect, it } from "vitest";
import { countByStage, summarizeSegments } from "./segment-summary";

describe("countByStage", () => {
  it("lists every stage in rule order, with zeros", () => {
    const counts = countByStage([{ stage: "vip" }, { stage: "new" }, { stage: "vip" }]);
    expect(counts).toEqual({ churned: 0, dormant: 0, vip: 2, regular: 0, new: 1, prospect: 0 });
    expect(Object.keys(counts)).toEqual(["churned", "dormant", "vip", "regular", "new", "prospect"]);
  });
});

describe("summarizeSegments", () => {
  it("adds customers, orders and net spend per stage exactly", () => {
    const summary = summarizeSegments([
      { stage: "vip", orders: 3, netSpent: 0.1 },
      { stage: "vip", orders: 2, netSpent: 0.2 },
      { stage: "prospect", orders: 0, netSpent: 0 },
    ]);
    expect(summary.customers).toBe(3);
    expect(summary.buyers).toBe(2);
    expect(summary.byStage.vip).toEqual({ customers: 2, orders: 5, netSpent: 0.3 });
    expect(summary.byStage.dormant).toEqual({ customers: 0, orders: 0, netSpent: 0 });
  });
});
