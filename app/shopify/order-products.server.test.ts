// An order's line items a page at a time, with the Admin API faked at the client boundary: it pages
// the order's `items` by index cursors and records every request.
import { describe, expect, it } from "vitest";
import type { AdminClient } from "./admin-client.server";
import { completeOrderFacts, fetchOrderProducts, productsOfOrder, type LineItemsPage } from "./order-products.server";

const ORDER = "gid://shopify/Order/1";
type Item = { productId: number | null; quantity: number };

function page(items: readonly Item[], start: number, first: number): LineItemsPage {
  const end = Math.min(start + first, items.length);
  return {
    nodes: items
      .slice(start, end)
      .map(({ productId, quantity }) => ({ quantity, product: productId === null ? null : { id: `gid://shopify/Product/${productId}` } })),
    pageInfo: { hasNextPage: end < items.length, endCursor: String(end) },
  };
}

function fakeAdmin(orders: Record<string, readonly Item[]>) {
  const requests: { operation: string; variables: Record<string, unknown> }[] = [];
  const admin: AdminClient = {
    shop: "paging.myshopify.com",
    stats: { requests: 0, throttled: 0, retried: 0, waitedMs: 0 },
    async request<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
      const operation = /query\s+(\w+)/.exec(document)![1];
      requests.push({ operation, variables });
      if (operation === "OrderProductsPage") {
        const items = orders[String(variables.id)];
        return { order: items ? { lineItems: page(items, Number(variables.after), 100) } : null } as T;
      }
      if (operation === "OrderProducts") {
        const ids = variables.ids as string[];
        return { nodes: ids.map((id) => (orders[id] ? { id, lineItems: page(orders[id], 0, 100) } : null)) } as T;
      }
      throw new Error(`fake Admin API: unexpected ${operation}`);
    },
  };
  return { admin, requests };
}

/** 120 line items over 40 products: product p on lines p, 40 + p and 80 + p, with quantities 1, 2 and 3. */
const wholesale: Item[] = Array.from({ length: 120 }, (_, line) => ({ productId: (line % 40) + 1, quantity: 1 + Math.floor(line / 40) }));

describe("the products of an order", () => {
  it("sums each product over every page, asking Shopify only for the pages after the one read with the order", async () => {
    const { admin, requests } = fakeAdmin({ [ORDER]: wholesale });
    const lines = await productsOfOrder(admin, ORDER, page(wholesale, 0, 50));
    expect(lines).toHaveLength(40);
    expect(lines.every((l) => l.quantity === 6)).toBe(true);
    expect(requests).toEqual([{ operation: "OrderProductsPage", variables: { id: ORDER, after: "50" } }]);
  });

  it("asks nothing for an order whose first page is its last, and leaves out custom items", async () => {
    const items: Item[] = [
      { productId: 7, quantity: 2 },
      { productId: null, quantity: 5 },
      { productId: 7, quantity: 1 },
    ];
    const { admin, requests } = fakeAdmin({ [ORDER]: items });
    expect(await productsOfOrder(admin, ORDER, page(items, 0, 50))).toEqual([{ productId: "gid://shopify/Product/7", quantity: 3 }]);
    expect(requests).toEqual([]);
  });

  it("keeps what it read of an order Shopify no longer has by its next page", async () => {
    const { admin } = fakeAdmin({});
    expect(await productsOfOrder(admin, ORDER, page(wholesale, 0, 50))).toHaveLength(40);
  });
});

describe("the facts of an order read with its first page of line items", () => {
  it("carry every product of the order", async () => {
    const { admin } = fakeAdmin({ [ORDER]: wholesale });
    const facts = await completeOrderFacts(admin, {
      id: ORDER,
      processedAt: "2026-11-01T00:00:00Z",
      updatedAt: "2026-11-02T00:00:00Z",
      cancelledAt: null,
      test: false,
      displayFinancialStatus: "PAID",
      customer: null,
      totalPriceSet: { shopMoney: { amount: "72000.0" } },
      totalRefundedSet: { shopMoney: { amount: "0.0" } },
      fulfillments: [],
      lineItems: page(wholesale, 0, 50),
    });
    expect(facts).toMatchObject({ id: ORDER, totalPrice: 72_000 });
    expect(facts.lines.reduce((sum, l) => sum + l.quantity, 0)).toBe(240);
    expect(facts.lines).toHaveLength(40);
  });
});

describe("the products of orders read by id", () => {
  it("reads four orders a request, pages an order with more line items, and leaves out orders Shopify no longer has", async () => {
    const orders = Object.fromEntries(
      [1, 2, 3, 5, 6].map((n) => [`gid://shopify/Order/${n}`, n === 2 ? [...wholesale, ...wholesale] : [{ productId: n, quantity: n }]]),
    );
    const { admin, requests } = fakeAdmin(orders);
    const read = await fetchOrderProducts(
      admin,
      [1, 2, 3, 4, 5, 6].map((n) => `gid://shopify/Order/${n}`),
    );
    expect(read.map((o) => o.orderId)).toEqual([1, 2, 3, 5, 6].map((n) => `gid://shopify/Order/${n}`));
    expect(read[1].lines.reduce((sum, l) => sum + l.quantity, 0)).toBe(480);
    expect(read[2].lines).toEqual([{ productId: "gid://shopify/Product/3", quantity: 3 }]);
    // order 2's 240 line items: 100 with the first request, two more pages of 100 and 40
    expect(requests.map((r) => r.operation)).toEqual(["OrderProducts", "OrderProductsPage", "OrderProductsPage", "OrderProducts"]);
  });
});
