import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crossSellAfterFirstProducts, nextProductsAfterFirst, recommendNextProducts, type FirstAndSecondOrder } from "./next-products";

// A hand-built shop: tea (1), cups (2), a kettle (3), biscuits (4).
const SHOP: FirstAndSecondOrder[] = [
  { first: ["1"], second: ["2"] },
  { first: ["1"], second: ["2", "4"] },
  { first: ["1"], second: ["1"] },
  { first: ["1", "3"], second: ["2", "2"] },
  { first: ["1"], second: null },
  { first: ["3"], second: ["4"] },
  { first: ["3"], second: null },
  { first: ["4", "4"], second: ["1"] },
];

describe("what the second order holds after each first product", () => {
  const rows = nextProductsAfterFirst(SHOP);

  it("counts, per first product, its first-order customers, those with a second order and their second orders' products", () => {
    expect(rows.map((row) => [row.productId, row.firstOrderCustomers, row.secondOrderCustomers])).toEqual([
      ["1", 5, 4],
      ["3", 3, 2],
      ["4", 1, 1],
    ]);
    // after tea: cups for 3 of the 4 repeat buyers (one bought two cups: counted once), tea again and biscuits once each
    expect(rows[0]!.next).toEqual([
      { productId: "2", customers: 3, share: 0.75, repurchase: false },
      { productId: "1", customers: 1, share: 0.25, repurchase: true },
      { productId: "4", customers: 1, share: 0.25, repurchase: false },
    ]);
    expect(rows[1]!.next.map((n) => [n.productId, n.customers, n.share])).toEqual([
      ["2", 1, 0.5],
      ["4", 1, 0.5],
    ]);
  });

  it("keeps the `top` most frequent next products of each row", () => {
    expect(nextProductsAfterFirst(SHOP, { top: 1 })[0]!.next.map((n) => n.productId)).toEqual(["2"]);
  });

  it("orders numeric ids by value, not as text, when counts tie", () => {
    const byId = nextProductsAfterFirst([
      { first: ["10"], second: ["10", "9"] },
      { first: ["9"], second: null },
    ]);
    expect(byId.map((row) => row.productId)).toEqual(["9", "10"]);
    expect(byId[1]!.next.map((n) => n.productId)).toEqual(["9", "10"]);
  });

  it("never counts more next-product customers than repeat buyers, nor more repeat buyers than first-order customers", () => {
    const product = fc.constantFrom("1", "2", "3", "4", "5");
    const customer = fc.record({
      first: fc.array(product, { minLength: 1, maxLength: 4 }),
      second: fc.option(fc.array(product, { minLength: 1, maxLength: 4 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 40 }), (customers) => {
        for (const row of nextProductsAfterFirst(customers, { top: 10 })) {
          expect(row.secondOrderCustomers).toBeLessThanOrEqual(row.firstOrderCustomers);
          for (const next of row.next) {
            expect(next.customers).toBeLessThanOrEqual(row.secondOrderCustomers);
            expect(next.share).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });
});

describe("recommended next products", () => {
  const rows = nextProductsAfterFirst(SHOP);

  it("suggests what followed the customer's products, never a product they already bought", () => {
    expect(recommendNextProducts(rows, ["1"], { minCustomers: 1 })).toEqual([
      { productId: "2", customers: 3 },
      { productId: "4", customers: 1 },
    ]);
    // tea and the kettle: cups followed 3 + 1 times, biscuits 1 + 1
    expect(recommendNextProducts(rows, ["1", "3"], { minCustomers: 1 })).toEqual([
      { productId: "2", customers: 4 },
      { productId: "4", customers: 2 },
    ]);
  });

  it("leaves out suggestions backed by fewer than minCustomers customers, and keeps at most `limit`", () => {
    expect(recommendNextProducts(rows, ["1"], { minCustomers: 2 })).toEqual([{ productId: "2", customers: 3 }]);
    expect(recommendNextProducts(rows, ["1"], { minCustomers: 1, limit: 1 })).toEqual([{ productId: "2", customers: 3 }]);
    expect(recommendNextProducts(rows, ["99"])).toEqual([]);
  });
});

describe("cross-sell after the first products (the playbook's product content)", () => {
  const rows = nextProductsAfterFirst(SHOP);

  it("suggests, per first product with the most customers, what came next most often, leaving out products without enough support", () => {
    // tea: cups (3 customers); the kettle: cups and biscuits (1 each) — below 2 customers, left out
    expect(crossSellAfterFirstProducts(rows, { minCustomers: 2 })).toEqual([
      { productId: "1", firstOrderCustomers: 5, suggestions: [{ productId: "2", customers: 3 }] },
    ]);
    expect(
      crossSellAfterFirstProducts(rows, { minCustomers: 1, firstProducts: 2 }).map((c) => [
        c.productId,
        c.suggestions.map((s) => s.productId),
      ]),
    ).toEqual([
      ["1", ["2", "4"]],
      ["3", ["2", "4"]],
    ]);
  });
});
