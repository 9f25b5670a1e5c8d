// A bulk query walks a connection over the store's rows by keyset (rowPage), without the cursors a
// paged query carries: its objects must come in exactly the order paging through the connection
// with first: 250 and after: <endCursor> gives, across page boundaries and ties of the sort key.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createAdminGraphql } from "./admin-graphql";
import { bulkFilePath, startBulkQuery } from "./bulk-operations";
import { createEmptyShop, type EmulatedShop } from "./store";

const graphql = createAdminGraphql();

/** 600 customers whose names repeat; 700 orders on 20 distinct instants, 300 of them customer 1's. */
function shopWithTies(): EmulatedShop {
  const shop = createEmptyShop({ domain: "bulk-walk.myshopify.com", now: new Date("2026-11-20T12:00:00Z") });
  for (let c = 1; c <= 600; c++) {
    shop.addCustomer({
      id: c,
      firstName: ["Aoi", "Ren", "Mio"][c % 3],
      lastName: "Sato",
      createdAt: new Date(Date.UTC(2026, 0, 1 + (c % 7))),
      tags: c % 4 ? [] : ["vip"],
    });
  }
  for (let k = 0; k < 700; k++) {
    shop.addOrder({
      id: 5000 + ((k * 7919) % 700),
      customerId: k < 300 ? 1 : 2 + (k % 500),
      processedAt: new Date(Date.UTC(2026, k % 10, 1 + (k % 2))),
      lineItems: [{ sku: "TEA", quantity: 1, unitPrice: "100" }],
    });
  }
  return shop;
}

/** Ids of a connection paged through with first: 250 and the end cursor of each page. */
async function pagedIds(shop: EmulatedShop, connection: (page: string) => string, read: (data: any) => any): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    shop.bucket.setAvailable(shop.plan.bucketSize);
    const { body } = (await graphql(shop, {
      query: `query Page($cursor: String) { ${connection("first: 250, after: $cursor")} }`,
      variables: { cursor },
    })) as { body: any };
    expect(body.errors).toBeUndefined();
    const page = read(body.data);
    ids.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    cursor = page.pageInfo.endCursor;
  }
}

async function bulkLines(shop: EmulatedShop, query: string, groupObjects = false): Promise<Record<string, any>[]> {
  const { operation } = startBulkQuery(shop, query, groupObjects);
  await operation!.finished;
  expect(operation!.status).toBe("COMPLETED");
  return fs
    .readFileSync(bulkFilePath(operation!.url!), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const PAGE = "edges { node { id } } pageInfo { hasNextPage endCursor }";

describe("a bulk query over the store's rows", () => {
  const shop = shopWithTies();

  it.each([
    ["orders", `query: "processed_at:>='2026-03-01T00:00:00Z'"`],
    ["orders", "sortKey: UPDATED_AT, reverse: true"],
    ["orders", "sortKey: ID"],
    ["customers", "sortKey: NAME"],
    ["customers", `reverse: true, query: "tag:vip"`],
  ] as const)("lists %s(%s) in the order paging gives", async (field, args) => {
    const paged = await pagedIds(
      shop,
      (page) => `${field}(${page}, ${args}) { ${PAGE} }`,
      (data) => data[field],
    );
    const bulk = await bulkLines(shop, `{ ${field}(${args}) { edges { node { id } } } }`);
    expect(paged.length).toBeGreaterThan(100);
    expect(bulk.map((line) => line.id)).toEqual(paged);
  });

  it("lists a customer's 300 orders (a nested connection) in the order paging gives", async () => {
    const paged = await pagedIds(
      shop,
      (page) => `customer(id: "gid://shopify/Customer/1") { orders(${page}, sortKey: PROCESSED_AT) { ${PAGE} } }`,
      (data) => data.customer.orders,
    );
    const lines = await bulkLines(
      shop,
      `{ customers(query: "id:1") { edges { node { id orders(sortKey: PROCESSED_AT) { edges { node { id } } } } } } }`,
      true,
    );
    expect(paged).toHaveLength(300);
    expect(lines[0]).toEqual({ id: "gid://shopify/Customer/1" });
    expect(lines.slice(1).map((line) => line.id)).toEqual(paged);
    expect(lines.slice(1).every((line) => line.__parentId === "gid://shopify/Customer/1")).toBe(true);
  });
});
