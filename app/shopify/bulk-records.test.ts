import { describe, expect, it } from "vitest";
import { addToBatch, emptyBatch, toBulkRecord } from "./bulk-records";
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
const lineItem = (id: number, orderId: number, productId: number | null, quantity = 1) => ({
  id: `gid://shopify/LineItem/${id}`,
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
  it("keeps each line item under its order's id wherever it comes in the file (groupObjects off)", () => {
    const batch = batchOf([lineItem(11, 2, 7, 3), order(1), lineItem(10, 1, 7), order(2), lineItem(12, 1, 8, 2)]);
    expect(batch.orders.map((o) => o.id)).toEqual(["gid://shopify/Order/1", "gid://shopify/Order/2"]);
    expect(batch.lineItems).toEqual([
      { id: "gid://shopify/LineItem/11", orderId: "gid://shopify/Order/2", productId: "gid://shopify/Product/7", quantity: 3 },
      { id: "gid://shopify/LineItem/10", orderId: "gid://shopify/Order/1", productId: "gid://shopify/Product/7", quantity: 1 },
      { id: "gid://shopify/LineItem/12", orderId: "gid://shopify/Order/1", productId: "gid://shopify/Product/8", quantity: 2 },
    ]);
  });

  it("reads a line item whose order is not in the file (partial data) without failing", () => {
    const batch = batchOf([lineItem(10, 99, 7)]);
    expect(batch.lineItems[0].orderId).toBe("gid://shopify/Order/99");
    expect(batch.orders).toEqual([]);
  });

  it("skips custom line items: no product, nothing a customer could review", () => {
    expect(batchOf([lineItem(10, 1, null)]).lineItems).toEqual([]);
  });

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
      { id: "gid://shopify/Customer/5", createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-01-01T00:00:00Z", tags: ["wholesale", "tsunagu:vip"], statistics: { rfmGroup: "LOYAL" } },
    ]).customers;
    expect(customer.ownedTags).toEqual(["tsunagu:vip"]);
    expect(customer.tagCount).toBe(2);
  });

  it("fails clearly on a line that is not a customer, order or line item, naming the line", () => {
    expect(() => batchOf([order(1), { id: "gid://shopify/Refund/1" }])).toThrow(/line 2 is not a customer, order or line item/);
  });

  it("fails clearly on an order line whose amount is not a decimal", () => {
    expect(() => batchOf([order(1, { totalPriceSet: { shopMoney: { amount: "abc" } } })])).toThrow(/line 1: Order gid:\/\/shopify\/Order\/1: totalPriceSet/);
  });
});
