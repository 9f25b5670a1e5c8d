import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OrderLinesBatch, addToBatch, emptyBatch, readOrderLinesLine, toBulkRecord } from "./bulk-records";
import { parseJsonlLine, type JsonlLine } from "./jsonl";

const order = (id: number, extra: Record<string, unknown> = {}) => ({
  id: `gid://shopify/Order/${id}`,
  processedAt: "2026-01-02T03:04:05Z",
  updatedAt: "2026-01-03T00:00:00Z",
  cancelledAt: null,
  test: false,
  displayFinancialStatus: "PAID",
  customer: { id: "gid://shopify/Customer/5" },
  totalPriceSet: { shopMoney: { amount: "4800.0" } },
  totalRefundedSet: { shopMoney: { amount: "0.0" } },
  fulfillments: [],
  ...extra,
});
const lineItem = (orderId: number, productId: number | null, quantity = 1) => ({
  quantity,
  product: productId === null ? null : { id: `gid://shopify/Product/${productId}` },
  __parentId: `gid://shopify/Order/${orderId}`,
});

function batchOf(values: object[]) {
  const batch = emptyBatch();
  values.forEach((value, i) => {
    const line: JsonlLine = { number: i + 1, text: JSON.stringify(value) };
    addToBatch(batch, toBulkRecord(line, parseJsonlLine(line), "tsunagu:"));
  });
  return batch;
}

describe("toBulkRecord", () => {
  it("dates an order's fulfilment by its first shipped fulfilment, ignoring cancelled ones", () => {
    const [mapped] = batchOf([
      order(1, {
        fulfillments: [
          { createdAt: "2026-01-05T00:00:00Z", status: "SUCCESS" },
          { createdAt: "2026-01-03T00:00:00Z", status: "CANCELLED" },
          { createdAt: "2026-01-04T00:00:00Z", status: "SUCCESS" },
        ],
      }),
    ]).orders;
    expect(mapped.fulfilledAt).toEqual(new Date("2026-01-04T00:00:00Z"));
    expect(batchOf([order(2)]).orders[0].fulfilledAt).toBeNull();
  });

  it("keeps only our own tags of a customer and counts all of them", () => {
    const [customer] = batchOf([
      {
        id: "gid://shopify/Customer/5",
        createdAt: "2025-01-01T00:00:00Z",
        updatedAt: "2025-01-01T00:00:00Z",
        tags: ["wholesale", "tsunagu:vip"],
        statistics: { rfmGroup: "LOYAL" },
      },
    ]).customers;
    expect(customer.ownedTags).toEqual(["tsunagu:vip"]);
    expect(customer.tagCount).toBe(2);
  });

  it("fails clearly on a line that is not a customer or an order, naming the line", () => {
    expect(() => batchOf([order(1), { id: "gid://shopify/Refund/1" }])).toThrow(/line 2 is not a customer or an order/);
    expect(() => batchOf([order(1), lineItem(1, 7)])).toThrow(/line 2 is not a customer or an order/);
  });

  it("fails clearly on an order line whose amount is not a decimal", () => {
    expect(() => batchOf([order(1, { totalPriceSet: { shopMoney: { amount: "abc" } } })])).toThrow(
      /line 1: Order gid:\/\/shopify\/Order\/1: totalPriceSet/,
    );
  });
});

/** The order-lines file (groupObjects on): each order's line, then its line items. */
function orderLinesOf(values: object[]) {
  const batch = new OrderLinesBatch();
  values.forEach((value, i) => {
    const line: JsonlLine = { number: i + 1, text: JSON.stringify(value) };
    batch.add(readOrderLinesLine(line), line);
  });
  return batch.take();
}

const orderIdLine = (id: number) => ({ id: `gid://shopify/Order/${id}` });

describe("the order-lines file", () => {
  it("sums each order's quantities per product, under the order its line items follow", () => {
    expect(orderLinesOf([orderIdLine(1), lineItem(1, 7, 2), lineItem(1, 8), lineItem(1, 7, 3), orderIdLine(2), lineItem(2, 7)])).toEqual([
      {
        orderId: "gid://shopify/Order/1",
        lines: [
          { productId: "gid://shopify/Product/7", quantity: 5 },
          { productId: "gid://shopify/Product/8", quantity: 1 },
        ],
      },
      { orderId: "gid://shopify/Order/2", lines: [{ productId: "gid://shopify/Product/7", quantity: 1 }] },
    ]);
  });

  it("keeps an order whose items are all custom (no product) with no products: its stored ones are replaced by none", () => {
    expect(orderLinesOf([orderIdLine(1), lineItem(1, null, 4)])).toEqual([{ orderId: "gid://shopify/Order/1", lines: [] }]);
  });

  it("fails clearly, naming the line, on a line item outside its order's group (the file is not grouped)", () => {
    expect(() => orderLinesOf([orderIdLine(1), lineItem(2, 7)])).toThrow(
      /line 2: a line item of gid:\/\/shopify\/Order\/2 outside its order's group/,
    );
  });

  it("fails clearly on a line that is neither an order nor a line item, and on a quantity that is not a count", () => {
    expect(() => orderLinesOf([{ id: "gid://shopify/Customer/1" }])).toThrow(/line 1 is not an order or a line item/);
    expect(() => orderLinesOf([orderIdLine(1), lineItem(1, 7, 1.5)])).toThrow(
      /line 2: a line item of gid:\/\/shopify\/Order\/1 with quantity 1.5/,
    );
  });

  it("reads a line the same whether it is in Shopify's exact shape or written any other way", () => {
    const gid = (type: string) => fc.integer({ min: 1, max: 2 ** 53 - 1 }).map((id) => `gid://shopify/${type}/${id}`);
    const value = fc.oneof(
      fc.record({ id: gid("Order") }),
      fc.record({ quantity: fc.nat(), product: fc.option(fc.record({ id: gid("Product") })), __parentId: gid("Order") }),
    );
    // The same value, spaced and with its keys in reverse order: never the fast path.
    const rewritten = (v: object) => JSON.stringify(Object.fromEntries(Object.entries(v).reverse()), null, 1).replaceAll("\n", "");
    fc.assert(
      fc.property(value, (v) => {
        const exact = { number: 1, text: JSON.stringify(v) };
        expect(readOrderLinesLine(exact)).toEqual(readOrderLinesLine({ number: 1, text: rewritten(v) }));
      }),
    );
  });

  it("does not take a line for a line item unless all of it is one", () => {
    const exact = JSON.stringify(lineItem(1, 7, 2));
    expect(readOrderLinesLine({ number: 1, text: exact })).toEqual({
      kind: "lineItem",
      orderId: "gid://shopify/Order/1",
      productId: "gid://shopify/Product/7",
      quantity: 2,
    });
    expect(() => readOrderLinesLine({ number: 3, text: exact.slice(0, -1) })).toThrow(/line 3 is not JSON/);
    expect(() => readOrderLinesLine({ number: 3, text: exact.replace('"quantity":2', '"quantity":-2') })).toThrow(
      /line 3: a line item of gid:\/\/shopify\/Order\/1 with quantity -2/,
    );
    expect(readOrderLinesLine({ number: 3, text: exact.replace('"quantity":2', '"quantity":2.0') })).toMatchObject({ quantity: 2 });
  });

  it("sums a product's quantities whichever way each of its lines was read", () => {
    const batch = new OrderLinesBatch();
    const texts = [
      JSON.stringify(orderIdLine(1)),
      JSON.stringify(lineItem(1, 7, 2)),
      JSON.stringify(lineItem(1, 7, 3), null, 1),
      JSON.stringify(lineItem(1, 10)),
    ];
    texts.forEach((text, i) => batch.add(readOrderLinesLine({ number: i + 1, text }), { number: i + 1, text }));
    expect(batch.take()).toEqual([
      // By product id as text: "…/10" before "…/7".
      {
        orderId: "gid://shopify/Order/1",
        lines: [
          { productId: "gid://shopify/Product/10", quantity: 1 },
          { productId: "gid://shopify/Product/7", quantity: 5 },
        ],
      },
    ]);
  });

  it("empties the batch it hands over", () => {
    const batch = new OrderLinesBatch();
    const line: JsonlLine = { number: 1, text: JSON.stringify(orderIdLine(1)) };
    batch.add(readOrderLinesLine(line), line);
    expect(batch.take()).toHaveLength(1);
    expect(batch.take()).toEqual([]);
  });
});
