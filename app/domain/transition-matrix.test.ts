import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildTransitionMatrix, netMoves, type TransitionFact } from "./transition-matrix";
import { LIFECYCLE_STAGES, type LifecycleStage } from "./types";

let sequence = 0;
function transition(customerId: string, fromStage: LifecycleStage | null, toStage: LifecycleStage, at: string): TransitionFact {
  sequence += 1;
  return { customerId, fromStage, toStage, at: new Date(at), sequence };
}

const NOVEMBER = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };

describe("netMoves", () => {
  it("an empty shop has no moves and an all-zero matrix", () => {
    const matrix = buildTransitionMatrix(netMoves([], NOVEMBER));
    expect(matrix.moved).toBe(0);
    expect(matrix.counts.none.vip).toBe(0);
    expect(Object.values(matrix.arrivedIn).every((n) => n === 0)).toBe(true);
  });

  it("one customer classified for the first time in the period comes from 'not yet classified'", () => {
    const moves = netMoves([transition("c1", null, "new", "2026-11-03T10:00:00Z")], NOVEMBER);
    expect(moves).toEqual([{ customerId: "c1", from: "none", to: "new" }]);
    const matrix = buildTransitionMatrix(moves);
    expect(matrix.counts.none.new).toBe(1);
    expect(matrix.leftFrom.none).toBe(1);
    expect(matrix.arrivedIn.new).toBe(1);
  });

  it("counts the net move: new → regular → vip in the period is one move new → vip", () => {
    const moves = netMoves(
      [transition("c1", "new", "regular", "2026-11-05T00:00:00Z"), transition("c1", "regular", "vip", "2026-11-20T00:00:00Z")],
      NOVEMBER,
    );
    expect(moves).toEqual([{ customerId: "c1", from: "new", to: "vip" }]);
  });

  it("leaves out a customer who came back to where they started", () => {
    const moves = netMoves(
      [transition("c1", "regular", "dormant", "2026-11-05T00:00:00Z"), transition("c1", "dormant", "regular", "2026-11-06T00:00:00Z")],
      NOVEMBER,
    );
    expect(moves).toEqual([]);
  });

  it("takes the period as [from, to): a transition at `to` belongs to the next period", () => {
    const moves = netMoves(
      [transition("a", "new", "regular", "2026-11-01T00:00:00Z"), transition("b", "new", "regular", "2026-12-01T00:00:00Z")],
      NOVEMBER,
    );
    expect(moves.map((m) => m.customerId)).toEqual(["a"]);
  });

  it("orders ties at the same instant by sequence, whatever the input order", () => {
    const first = transition("c1", "new", "regular", "2026-11-05T00:00:00Z");
    const second = transition("c1", "regular", "vip", "2026-11-05T00:00:00Z");
    expect(netMoves([second, first], NOVEMBER)).toEqual([{ customerId: "c1", from: "new", to: "vip" }]);
  });

  it("builds the matrix with exact counts per cell", () => {
    const moves = netMoves(
      [
        transition("a", "new", "regular", "2026-11-02T00:00:00Z"),
        transition("b", "new", "regular", "2026-11-03T00:00:00Z"),
        transition("c", "regular", "dormant", "2026-11-04T00:00:00Z"),
        transition("d", "vip", "dormant", "2026-11-05T00:00:00Z"),
        transition("e", "new", "dormant", "2026-10-30T00:00:00Z"), // before the period
      ],
      NOVEMBER,
    );
    const matrix = buildTransitionMatrix(moves);
    expect(matrix.counts.new.regular).toBe(2);
    expect(matrix.counts.regular.dormant).toBe(1);
    expect(matrix.counts.vip.dormant).toBe(1);
    expect(matrix.moved).toBe(4);
    expect(matrix.leftFrom).toEqual({ none: 0, churned: 0, dormant: 0, vip: 1, regular: 1, new: 2, prospect: 0 });
    expect(matrix.arrivedIn).toEqual({ churned: 0, dormant: 2, vip: 0, regular: 2, new: 0, prospect: 0 });
  });

  it("every customer moves at most once, and row totals equal column totals equal the moves", () => {
    const stage = fc.constantFrom(...LIFECYCLE_STAGES);
    const arb = fc.array(
      fc.record({ customer: fc.constantFrom("a", "b", "c"), from: fc.option(stage), to: stage, day: fc.integer({ min: 0, max: 40 }) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const facts = specs.map((s) =>
          transition(s.customer, s.from, s.to, new Date(Date.UTC(2026, 9, 20) + s.day * 86_400_000).toISOString()),
        );
        const moves = netMoves(facts, NOVEMBER);
        expect(new Set(moves.map((m) => m.customerId)).size).toBe(moves.length);
        const matrix = buildTransitionMatrix(moves);
        const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
        expect(sum(matrix.leftFrom)).toBe(moves.length);
        expect(sum(matrix.arrivedIn)).toBe(moves.length);
        for (const move of moves) expect(move.from).not.toBe(move.to);
      }),
    );
  });
});
