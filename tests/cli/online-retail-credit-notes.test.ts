// Online Retail's credit notes as refunds of the sales they reverse (app/cli/online-retail-credit-notes.ts),
// on hand-built documents (amounts in pence) and as properties on random ones.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentTotal, refundsFromCreditNotes, type RetailDocument } from "../../app/cli/online-retail-credit-notes";

const at = (day: number) => Date.UTC(2011, 0, day);
const sale = (number: number, day: number, customerId: string | null, lines: Array<[string, number, number]>): RetailDocument => ({
  number,
  at: at(day),
  customerId,
  creditNote: false,
  lines: lines.map(([stockCode, quantity, unitPrice]) => ({ stockCode, quantity, unitPrice })),
});
const credit = (number: number, day: number, customerId: string | null, lines: Array<[string, number, number]>): RetailDocument => ({
  ...sale(number, day, customerId, lines),
  creditNote: true,
});

describe("credit notes as refunds", () => {
  it("refunds credited goods from the latest earlier sale of the same StockCode first, then the one before", () => {
    const documents = [
      sale(1, 1, "a", [["TEA", 10, 100]]), // £10.00
      sale(2, 5, "a", [
        ["TEA", 4, 100],
        ["MUG", 1, 500],
      ]), // £9.00
      credit(3, 6, "a", [["TEA", 6, 100]]), // 6 tea back: 4 from sale 2, 2 from sale 1
    ];
    const r = refundsFromCreditNotes(documents);
    expect([...r.refunded]).toEqual([200, 400, 0]);
    expect(r.refundedAt[0]).toBe(at(6));
    expect([r.refundedByLine, r.refundedAsMoney, r.dropped, r.credited]).toEqual([600, 0, 0, 600]);
  });

  it("does not match goods sold after the credit note, nor another customer's", () => {
    const documents = [
      sale(1, 1, "a", [["TEA", 1, 100]]),
      sale(2, 1, "b", [["MUG", 1, 500]]),
      credit(3, 2, "b", [["TEA", 1, 100]]),
      sale(4, 3, "b", [["TEA", 1, 100]]),
    ];
    const r = refundsFromCreditNotes(documents);
    // b's TEA was never bought before the credit: £1 as money against b's latest earlier sale (2)
    expect([...r.refunded]).toEqual([0, 100, 0, 0]);
    expect([r.refundedByLine, r.refundedAsMoney]).toEqual([0, 100]);
  });

  it("refunds a discount, which names no goods, as money against the latest earlier sale, up to what it has left", () => {
    const documents = [sale(1, 1, "a", [["TEA", 2, 100]]), sale(2, 2, "a", [["MUG", 1, 150]]), credit(3, 3, "a", [["D", 1, 400]])];
    const r = refundsFromCreditNotes(documents);
    // only the latest earlier sale is used: £1.50 of it, the other £2.50 dropped
    expect([...r.refunded]).toEqual([0, 150, 0]);
    expect([r.refundedAsMoney, r.dropped]).toEqual([150, 250]);
  });

  it("drops a credit note before any sale and a guest's credit note", () => {
    const documents = [credit(1, 1, "a", [["D", 1, 2750]]), sale(2, 2, "a", [["TEA", 1, 100]]), credit(3, 3, null, [["TEA", 1, 100]])];
    const r = refundsFromCreditNotes(documents);
    expect([...r.refunded]).toEqual([0, 0, 0]);
    expect([r.creditNotes, r.guestCreditNotes, r.dropped, r.credited]).toEqual([2, 1, 2750, 2750]);
  });

  it("applies credit notes in date order, so an earlier credit takes the units first", () => {
    const documents = [sale(1, 1, "a", [["TEA", 1, 100]]), credit(5, 3, "a", [["TEA", 1, 100]]), credit(4, 2, "a", [["TEA", 1, 100]])];
    const r = refundsFromCreditNotes(documents);
    // C4 (day 2) takes the one tea; C5 (day 3) finds none left and the sale is fully refunded: dropped
    expect(r.refundedAt[0]).toBe(at(2));
    expect([r.refundedByLine, r.refundedAsMoney, r.dropped]).toEqual([100, 0, 100]);
  });

  const documents = fc
    .array(
      fc.record({
        day: fc.integer({ min: 1, max: 20 }),
        customerId: fc.constantFrom("a", "b", null),
        creditNote: fc.boolean(),
        lines: fc.array(
          fc.tuple(fc.constantFrom("TEA", "MUG", "D", "M"), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 900 })),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      { maxLength: 25 },
    )
    .map((docs) => docs.map((d, i) => (d.creditNote ? credit : sale)(i + 1, d.day, d.customerId, d.lines)));

  it("never refunds a sale more than its total, nor before it was made, nor a credit note", () => {
    fc.assert(
      fc.property(documents, (docs) => {
        const r = refundsFromCreditNotes(docs);
        docs.forEach((d, i) => {
          if (d.creditNote) expect(r.refunded[i]).toBe(0);
          else expect(r.refunded[i]).toBeLessThanOrEqual(documentTotal(d));
          if (r.refunded[i]! > 0) expect(r.refundedAt[i]).toBeGreaterThanOrEqual(d.at);
        });
      }),
    );
  });

  it("accounts for every credited penny: by line + as money + dropped = credited, and the refunds sum to the first two", () => {
    fc.assert(
      fc.property(documents, (docs) => {
        const r = refundsFromCreditNotes(docs);
        expect(r.refundedByLine + r.refundedAsMoney + r.dropped).toBe(r.credited);
        expect(r.refunded.reduce((s, v) => s + v, 0)).toBe(r.refundedByLine + r.refundedAsMoney);
      }),
    );
  });
});
