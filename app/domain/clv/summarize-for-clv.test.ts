import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CDNOW_CALIBRATION_END, readCdnowReferenceSummary, readCdnowTransactions } from "../../../tests/helpers/datasets";
import { type ClvTransaction, purchaseDays, summarizeDays, summarizeForClv } from "./summarize-for-clv";

const at = (iso: string) => new Date(iso);
const tx = (customerId: string, iso: string, amount: number): ClvTransaction => ({
  customerId,
  at: at(iso),
  amount,
});

describe("summarizeForClv", () => {
  const calibrationEnd = at("2025-03-31T12:00:00Z");

  it("merges purchases on the same day into one transaction whose amount is the day's sum", () => {
    const [c] = summarizeForClv(
      [tx("c", "2025-01-01T09:00:00Z", 10), tx("c", "2025-01-15T08:00:00Z", 20), tx("c", "2025-01-15T20:00:00Z", 5)],
      { calibrationEnd },
    );
    expect(c).toEqual({ customerId: "c", x: 1, t_x: 2, T: 89 / 7, zbar: 25 });
  });

  it("counts repeat purchase days only, and zbar is the mean of the repeat days (first day excluded)", () => {
    const [c] = summarizeForClv(
      [tx("c", "2025-01-08T00:00:00Z", 30), tx("c", "2025-01-01T00:00:00Z", 1000), tx("c", "2025-01-22T00:00:00Z", 10)],
      { calibrationEnd },
    );
    expect(c.x).toBe(2);
    expect(c.t_x).toBe(3);
    expect(c.zbar).toBe(20);
  });

  it("gives a one-time buyer x = 0, t_x = 0, zbar = 0", () => {
    const [c] = summarizeForClv([tx("c", "2025-03-24T10:00:00Z", 50)], { calibrationEnd });
    expect(c).toEqual({ customerId: "c", x: 0, t_x: 0, T: 1, zbar: 0 });
  });

  it("includes the whole calibration-end day and leaves later purchases and later customers out", () => {
    const summaries = summarizeForClv(
      [
        tx("c", "2025-03-01T00:00:00Z", 10),
        tx("c", "2025-03-31T23:59:00Z", 10),
        tx("c", "2025-04-01T00:00:00Z", 10),
        tx("late", "2025-04-02T00:00:00Z", 10),
      ],
      { calibrationEnd },
    );
    expect(summaries).toEqual([{ customerId: "c", x: 1, t_x: 30 / 7, T: 30 / 7, zbar: 10 }]);
  });

  it("counts holdout purchase days after the calibration end when a holdout end is given", () => {
    const [c] = summarizeForClv(
      [
        tx("c", "2025-03-01T00:00:00Z", 10),
        tx("c", "2025-04-01T01:00:00Z", 10),
        tx("c", "2025-04-01T02:00:00Z", 10),
        tx("c", "2025-04-09T00:00:00Z", 10),
        tx("c", "2025-05-01T00:00:00Z", 10),
      ],
      { calibrationEnd, holdoutEnd: at("2025-04-30T00:00:00Z") },
    );
    expect(c).toMatchObject({ x: 0, xHoldout: 2 });
  });

  it("uses the shop's calendar days: 23:30 and 00:30 Tokyo time are different days", () => {
    const orders = [tx("c", "2025-01-01T14:30:00Z", 10), tx("c", "2025-01-01T15:30:00Z", 10)];
    expect(summarizeForClv(orders, { calibrationEnd }).at(0)?.x).toBe(0);
    expect(summarizeForClv(orders, { calibrationEnd, timeZone: "Asia/Tokyo" }).at(0)?.x).toBe(1);
  });

  it("measures t_x and T in days when periodDays is 1", () => {
    const [c] = summarizeForClv([tx("c", "2025-03-01T00:00:00Z", 1), tx("c", "2025-03-11T00:00:00Z", 1)], {
      calibrationEnd,
      periodDays: 1,
    });
    expect(c).toMatchObject({ x: 1, t_x: 10, T: 30 });
  });

  // lifetimes' cdnow_customers_summary_with_transactions.csv, the FHL (2005) calibration summary.
  it("reproduces the published CDNOW calibration summary for all 2,357 sample customers (x, t_x, T to 2 decimals, zbar to the cent)", () => {
    const summaries = summarizeForClv(readCdnowTransactions("sample"), {
      calibrationEnd: CDNOW_CALIBRATION_END,
    });
    const reference = readCdnowReferenceSummary();
    expect(summaries).toHaveLength(2357);
    const byId = new Map(summaries.map((s) => [s.customerId, s]));
    const half = 0.005 + 1e-9; // the reference is rounded to 2 decimals
    const mismatches = reference.filter((ref) => {
      const s = byId.get(ref.id);
      return !s || s.x !== ref.x || Math.abs(s.t_x - ref.t_x) > half || Math.abs(s.T - ref.T) > half || Math.abs(s.zbar - ref.zbar) > half;
    });
    expect(mismatches).toEqual([]);
  });
});

describe("purchaseDays", () => {
  it("groups a customer's transactions into days with their sum and count, customers in id order", () => {
    const days = purchaseDays([
      tx("b", "2025-03-02T09:00:00Z", 5),
      tx("a", "2025-03-01T10:00:00Z", 10),
      tx("b", "2025-03-01T08:00:00Z", 7),
      tx("a", "2025-03-01T18:00:00Z", 2.5),
      tx("a", "2025-03-04T10:00:00Z", 1),
    ]);
    expect(days.customerIds).toEqual(["a", "b"]);
    expect([...days.start]).toEqual([0, 2, 4]);
    expect([...days.amount]).toEqual([12.5, 1, 7, 5]);
    expect([...days.transactions]).toEqual([2, 1, 1, 1]);
    expect(days.day[1] - days.day[0]).toBe(3);
  });

  it("gives the same days, amounts and summaries whatever order the transactions come in", () => {
    const transaction = fc.record({
      customerId: fc.constantFrom("1", "2", "10", "x"),
      at: fc.integer({ min: 0, max: 60 * 86_400 }).map((s) => new Date(Date.UTC(2025, 0, 1) + s * 1000)),
      amount: fc.double({ min: 0, max: 1000, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(transaction, { minLength: 1, maxLength: 60 }), fc.integer(), (transactions, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(transactions, { minLength: transactions.length }), { seed, numRuns: 1 })[0];
        const [p, q] = [purchaseDays(transactions, "Asia/Tokyo"), purchaseDays(shuffled, "Asia/Tokyo")];
        expect(q).toEqual(p);
        const options = { calibrationEndDay: p.day[0] + 20, holdoutEndDay: p.day[0] + 40 };
        expect(summarizeDays(q, options)).toEqual(summarizeDays(p, options));
      }),
    );
  });
});
