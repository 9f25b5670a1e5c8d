import { describe, expect, it } from "vitest";
import type { OrderRecord } from "../domain/records";
import { orderProductsUpserts, orderUpserts } from "./order.server";

const SHOP = "tokyo-tea.myshopify.com";
const AT = new Date("2026-11-01T01:00:00Z");

function order(id: number, customer: number | null): OrderRecord {
  return {
    id: `gid://shopify/Order/${id}`,
    customerId: customer === null ? null : `gid://shopify/Customer/${customer}`,
    processedAt: AT,
    shopifyUpdatedAt: AT,
    totalPrice: 3000,
    totalRefunded: 0,
    cancelled: false,
    test: false,
    financialStatus: "PAID",
    fulfilledAt: null,
  };
}

describe("orderUpserts", () => {
  it("writes the orders in customer order, guest orders first, each row keeping its own values", () => {
    const step = orderUpserts(SHOP, [order(1, 30), order(2, null), order(3, 10), order(4, 30)]);
    if (!("upsert" in step)) throw new Error("an upsert");
    const rows = step.upsert.rows.map((row) => [row[1], row[2]]);
    expect(rows).toEqual([
      ["gid://shopify/Order/2", null],
      ["gid://shopify/Order/3", "gid://shopify/Customer/10"],
      ["gid://shopify/Order/1", "gid://shopify/Customer/30"],
      ["gid://shopify/Order/4", "gid://shopify/Customer/30"],
    ]);
  });
});

describe("orderProductsUpserts", () => {
  it("makes one row per order: its products sorted by id with their quantities, none for custom items only", () => {
    const step = orderProductsUpserts(SHOP, [
      {
        orderId: "gid://shopify/Order/1",
        lines: [
          { productId: "gid://shopify/Product/9", quantity: 2 },
          { productId: "gid://shopify/Product/10", quantity: 1 },
        ],
      },
      { orderId: "gid://shopify/Order/2", lines: [] },
    ]);
    if (!("upsert" in step)) throw new Error("an upsert");
    expect(step.upsert.keyColumns).toEqual(["shop", "orderId"]);
    expect(step.upsert.rows).toEqual([
      [SHOP, "gid://shopify/Order/1", '[["gid://shopify/Product/10",1],["gid://shopify/Product/9",2]]'],
      [SHOP, "gid://shopify/Order/2", "[]"],
    ]);
  });
});
