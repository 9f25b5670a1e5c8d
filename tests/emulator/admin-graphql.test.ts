// Conformance of the emulator's Admin GraphQL endpoint with what Shopify returns.
import { beforeAll, describe, expect, it } from "vitest";
import { createAdminGraphql } from "./admin-graphql";
import { seedOnlineRetail } from "./seed-online-retail";
import { createEmptyShop, type EmulatedShop, type ShopChangeEvent } from "./store";

const graphql = createAdminGraphql();

type Body = {
  data?: Record<string, any> | null;
  errors?: { message: string; locations?: unknown; path?: unknown; extensions?: Record<string, any> }[];
  extensions?: {
    cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: Record<string, number> };
    search?: unknown[];
  };
};

async function run(shop: EmulatedShop, query: string, variables?: Record<string, unknown>): Promise<Body> {
  const { status, body } = await graphql(shop, { query, variables });
  expect(status).toBe(200);
  return body as Body;
}

/** A controllable clock: tests move time with `clock.advance(ms)`. */
function fakeClock() {
  let t = 0;
  const clock = () => t;
  return Object.assign(clock, { advance: (ms: number) => void (t += ms) });
}

let retail: EmulatedShop;
beforeAll(async () => {
  // A fake clock that never moves, so pagination tests never wait for the bucket… but the bucket is refilled by hand.
  retail = await seedOnlineRetail({ clock: fakeClock() });
});

/** Refills the shared shop's bucket before a heavy test. */
function fullBucket(shop: EmulatedShop) {
  shop.bucket.setAvailable(shop.plan.bucketSize);
}

async function pageAll(
  shop: EmulatedShop,
  field: "customers" | "orders",
  args: string,
  direction: "forward" | "backward" = "forward",
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    fullBucket(shop);
    const window: string = direction === "forward" ? "first: 250, after: $cursor" : "last: 250, before: $cursor";
    const body = await run(
      shop,
      `query Page($cursor: String) { ${field}(${window}${args ? `, ${args}` : ""}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      { cursor },
    );
    expect(body.errors).toBeUndefined();
    const connection = body.data![field];
    const pageIds = connection.edges.map((e: { node: { id: string } }) => e.node.id);
    if (direction === "forward") ids.push(...pageIds);
    else ids.unshift(...pageIds);
    const more = direction === "forward" ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage;
    if (!more) return ids;
    cursor = direction === "forward" ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
  }
  throw new Error("pagination did not end");
}

describe("validation against Shopify's 2026-10 schema, worded as Shopify (graphql-ruby) words it", () => {
  it("rejects a field that does not exist with undefinedField, its location and path", async () => {
    const body = await run(retail, "query Q {\n  customers(first: 1) {\n    nodes { id favouriteColour }\n  }\n}");
    expect(body).toEqual({
      errors: [
        {
          message: "Field 'favouriteColour' doesn't exist on type 'Customer'",
          locations: [{ line: 3, column: 16 }],
          path: ["query Q", "customers", "nodes", "favouriteColour"],
          extensions: { code: "undefinedField", typeName: "Customer", fieldName: "favouriteColour" },
        },
      ],
    });
  });

  it("rejects an argument the field does not take with argumentNotAccepted", async () => {
    const body = await run(retail, "{ customers(first: 1, orderBy: ID) { nodes { id } } }");
    expect(body.errors).toEqual([
      {
        message: "Field 'customers' doesn't accept argument 'orderBy'",
        locations: [{ line: 1, column: 23 }],
        path: ["query", "customers", "orderBy"],
        extensions: { code: "argumentNotAccepted", name: "customers", typeName: "Field", argumentName: "orderBy" },
      },
    ]);
    expect(body.data).toBeUndefined();
  });

  it("rejects a missing required argument with missingRequiredArguments", async () => {
    const body = await run(retail, "{ customer { id } }");
    expect(body.errors![0]).toMatchObject({
      message: "Field 'customer' is missing required arguments: id",
      path: ["query", "customer"],
      extensions: { code: "missingRequiredArguments", className: "Field", name: "customer", arguments: "id" },
    });
  });

  it("rejects a variable of the wrong type with variableMismatch", async () => {
    const body = await run(retail, "query C($id: String!) { customer(id: $id) { id } }", { id: "gid://shopify/Customer/17850" });
    expect(body.errors![0]).toMatchObject({
      message: "Type mismatch on variable $id and argument id (String! / ID!)",
      path: ["query C", "customer", "id"],
      extensions: { code: "variableMismatch", variableName: "id", typeName: "String!", argumentName: "id", errorMessage: "Type mismatch" },
    });
  });

  it("rejects a literal of the wrong type with argumentLiteralsIncompatible", async () => {
    const body = await run(retail, '{ customers(first: "ten") { nodes { id } } }');
    expect(body.errors![0]).toMatchObject({
      message: "Argument 'first' on Field 'customers' has an invalid value (\"ten\"). Expected type 'Int'.",
      extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "first" },
    });
  });

  it("rejects a variable value that does not coerce, as 'was provided invalid value'", async () => {
    const body = await run(retail, "query C($n: Int) { customers(first: $n) { nodes { id } } }", { n: "ten" });
    expect(body.errors).toEqual([
      {
        message: "Variable $n of type Int was provided invalid value",
        locations: [{ line: 1, column: 9 }],
        extensions: { value: "ten", problems: [{ path: [], explanation: 'Could not coerce value "ten" to Int' }] },
      },
    ]);
  });

  it("reports a syntax error as graphql-ruby's parse error", async () => {
    const body = await run(retail, '{ customer(id: "gid://shopify/Customer/1" { id } }');
    expect(body.errors).toEqual([{ message: 'Parse error on "{" (LCURLY) at [1, 43]', locations: [{ line: 1, column: 43 }] }]);
  });

  it("answers 400 when the query is missing or the body is not JSON", async () => {
    expect(await graphql(retail, { variables: {} })).toEqual({
      status: 400,
      body: { errors: { query: "Required parameter missing or invalid" } },
    });
    expect((await graphql(retail, "{not json")).status).toBe(400);
  });

  it("fails loudly, naming the field, for a schema field the emulator does not implement", async () => {
    const body = await run(retail, '{ customer(id: "gid://shopify/Customer/17850") { id paymentMethods(first: 1) { nodes { id } } } }');
    expect(body.data).toBeUndefined();
    expect(body.errors![0]).toMatchObject({
      path: ["query", "customer", "paymentMethods"],
      extensions: { code: "EMULATOR_NOT_IMPLEMENTED", typeName: "Customer", fieldName: "paymentMethods" },
    });
    expect(body.errors![0].message).toContain("'paymentMethods'");
  });
});

describe("shop", () => {
  it("answers shop { id name myshopifyDomain currencyCode ianaTimezone }", async () => {
    const body = await run(retail, "{ shop { id name myshopifyDomain currencyCode ianaTimezone } }");
    expect(body.data!.shop).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/Shop\/\d+$/),
      name: "Online Retail",
      myshopifyDomain: "online-retail.myshopify.com",
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
    });
    expect(body.extensions!.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
  });
});

describe("cursor pagination", () => {
  it("returns each of the 4,372 customers exactly once, forward by ID", async () => {
    const ids = await pageAll(retail, "customers", "");
    expect(ids).toHaveLength(4_372);
    expect(new Set(ids).size).toBe(4_372);
    const numeric = ids.map((id) => Number(id.split("/").pop()));
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
  });

  it("returns each customer exactly once sorted by UPDATED_AT, reversed", async () => {
    const ids = await pageAll(retail, "customers", "sortKey: UPDATED_AT, reverse: true");
    expect(new Set(ids).size).toBe(4_372);
    const updated = ids.map((id) => retail.customers.updatedAt[retail.customerIndex(id)]);
    for (let k = 1; k < updated.length; k++) expect(updated[k]).toBeLessThanOrEqual(updated[k - 1]);
  });

  it("returns each customer exactly once backwards with last/before", async () => {
    const ids = await pageAll(retail, "customers", "sortKey: CREATED_AT", "backward");
    expect(new Set(ids).size).toBe(4_372);
  });

  it("returns each of the 20,725 orders exactly once (default sort PROCESSED_AT)", async () => {
    const ids = await pageAll(retail, "orders", "");
    expect(ids).toHaveLength(20_725);
    expect(new Set(ids).size).toBe(20_725);
  });

  it("returns each order exactly once sorted by ID, reversed, under a filter", async () => {
    const ids = await pageAll(retail, "orders", 'sortKey: ID, reverse: true, query: "financial_status:partially_refunded"');
    expect(ids).toHaveLength(3_362);
    expect(new Set(ids).size).toBe(3_362);
  });

  it("uses opaque base64 cursors like Shopify's {last_id, last_value}", async () => {
    const body = await run(retail, "{ customers(first: 1) { edges { cursor } } }");
    const cursor = body.data!.customers.edges[0].cursor as string;
    expect(JSON.parse(Buffer.from(cursor, "base64").toString())).toEqual({ last_id: 12346, last_value: "12346" });
  });

  it("rejects first: 251", async () => {
    const body = await run(retail, "{ customers(first: 251) { nodes { id } } }");
    expect(body.data).toBeNull();
    expect(body.errors![0]).toMatchObject({
      message: "first cannot exceed 250. To query larger amounts of data with fewer limits, bulk operations should be used instead.",
      path: ["customers"],
    });
  });

  it("requires first or last", async () => {
    const body = await run(retail, "{ orders { nodes { id } } }");
    expect(body.errors![0].message).toBe("you must provide one of first or last");
  });
});

describe("filters the app uses", () => {
  it("filters customers by updated_at, id, tag and orders_count", async () => {
    fullBucket(retail);
    const body = await run(
      retail,
      `{ a: customersCount(query: "updated_at:>'2011-12-01T00:00:00Z'") { count }
         b: customersCount(query: "id:>18000") { count }
         c: customersCount(query: "orders_count:>=50") { count }
         d: customersCount(query: "updated_at:<'2011-01-01T00:00:00Z'") { count } }`,
    );
    const C = retail.customers;
    const count = (f: (i: number) => boolean) => Array.from({ length: C.length }, (_, i) => i).filter(f).length;
    expect(body.data!.a.count).toBe(count((i) => C.updatedAt[i] > Date.parse("2011-12-01T00:00:00Z")));
    expect(body.data!.b.count).toBe(count((i) => C.id[i] > 18000));
    expect(body.data!.c.count).toBe(count((i) => C.ordersCount[i] >= 50));
    expect(body.data!.d.count).toBe(count((i) => C.updatedAt[i] < Date.parse("2011-01-01T00:00:00Z")));
    // 209 distinct CustomerIDs above 18000 in the file (checked with Python's csv module)
    expect(body.data!.b.count).toBe(209);
  });

  it("filters orders by customer_id and processed_at", async () => {
    const body = await run(retail, `{ orders(first: 50, query: "customer_id:17850 AND processed_at:<2010-12-02") { nodes { name } } }`);
    // the ten invoices of customer 17850 dated 2010-12-01 in the file
    expect(body.data!.orders.nodes.map((n: { name: string }) => n.name)).toEqual([
      "#536365",
      "#536366",
      "#536372",
      "#536373",
      "#536375",
      "#536377",
      "#536396",
      "#536399",
      "#536406",
      "#536407",
    ]);
  });

  it("ignores an unknown search field with Shopify's warning in extensions.search", async () => {
    const body = await run(retail, '{ customersCount(query: "colour:red") { count } }');
    expect(body.data!.customersCount.count).toBe(4_372);
    expect(body.extensions!.search).toEqual([
      {
        path: ["customersCount"],
        query: "colour:red",
        parsed: { field: "colour", match_all: "red" },
        warnings: [{ field: "colour", message: "Invalid search field for this query.", code: "invalid_field" }],
      },
    ]);
  });
});

describe("customers and orders, as Shopify shapes them", () => {
  it("prints money as Decimal strings and UnsignedInt64 as strings", async () => {
    const body = await run(
      retail,
      `{ customer(id: "gid://shopify/Customer/17850") { legacyResourceId numberOfOrders amountSpent { amount currencyCode } }
         order(id: "gid://shopify/Order/581483") { name cancelledAt displayFinancialStatus
           totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
           currentTotalPriceSet { shopMoney { amount } } totalRefundedSet { shopMoney { amount } }
           refunds { totalRefundedSet { shopMoney { amount } } } } }`,
    );
    expect(body.data!.customer).toEqual({
      legacyResourceId: "17850",
      numberOfOrders: "34",
      amountSpent: { amount: "5288.63", currencyCode: "GBP" },
    });
    // Customer 16446's order, refunded in full by credit note C581484.
    expect(body.data!.order).toEqual({
      name: "#581483",
      cancelledAt: null,
      displayFinancialStatus: "REFUNDED",
      totalPriceSet: {
        shopMoney: { amount: "168469.6", currencyCode: "GBP" },
        presentmentMoney: { amount: "168469.6", currencyCode: "GBP" },
      },
      currentTotalPriceSet: { shopMoney: { amount: "0.0" } },
      totalRefundedSet: { shopMoney: { amount: "168469.6" } },
      refunds: [{ totalRefundedSet: { shopMoney: { amount: "168469.6" } } }],
    });
  });

  it("gives customers synthetic names and e-mails, and Shopify-style statistics", async () => {
    const body = await run(
      retail,
      `{ customer(id: "gid://shopify/Customer/12680") { firstName lastName displayName email defaultEmailAddress { emailAddress marketingState }
           statistics { rfmGroup predictedSpendTier } lastOrder { name } orders(first: 10, sortKey: PROCESSED_AT) { nodes { name } } } }`,
    );
    const c = body.data!.customer;
    expect(c.email).toBe("customer-12680@example.com");
    expect(c.defaultEmailAddress.emailAddress).toBe("customer-12680@example.com");
    expect(c.displayName).toBe(`${c.firstName} ${c.lastName}`);
    expect(c.statistics).toEqual({ rfmGroup: "ACTIVE", predictedSpendTier: "MEDIUM" });
    expect(c.lastOrder.name).toBe("#581587");
    expect(c.orders.nodes.map((o: { name: string }) => o.name)).toEqual(["#563712", "#566256", "#568518", "#581587"]);
  });
});

describe("the calculated query cost and the leaky bucket", () => {
  it("reports the cost and throttle status on every executed response", async () => {
    const shop = createEmptyShop({ domain: "cost.myshopify.com", clock: fakeClock() });
    const body = await run(shop, "{ customers(first: 250) { nodes { id amountSpent { amount } } } }");
    expect(body.extensions!.cost).toEqual({
      requestedQueryCost: 2 + 11 * 2,
      actualQueryCost: 2 + 1 * 1,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000 - 3, restoreRate: 100 },
    });
  });

  it("throttles the 201st tagsAdd at 2,000 points and recovers 10 points per 100 ms", async () => {
    const clock = fakeClock();
    const shop = createEmptyShop({ domain: "throttle.myshopify.com", clock });
    const id = shop.addCustomer({ id: 1 });
    const mutation = `mutation { tagsAdd(id: "${id}", tags: ["x"]) { userErrors { message } } }`;
    for (let k = 0; k < 200; k++) {
      const body = await run(shop, mutation);
      expect(body.errors).toBeUndefined();
    }
    const throttled = await run(shop, mutation);
    expect(throttled).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: {
        cost: {
          requestedQueryCost: 10,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
        },
      },
    });
    clock.advance(99);
    expect((await run(shop, mutation)).errors![0].extensions!.code).toBe("THROTTLED");
    clock.advance(1);
    const recovered = await run(shop, mutation);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.extensions!.cost.throttleStatus.currentlyAvailable).toBe(0);
    clock.advance(20_000);
    expect((await run(shop, "{ shop { id } }")).extensions!.cost.throttleStatus.currentlyAvailable).toBe(1999);
  });

  it("charges the requested cost up front and refunds requested − actual", async () => {
    const shop = createEmptyShop({ domain: "refund.myshopify.com", clock: fakeClock(), plan: { bucketSize: 1000, restoreRate: 50 } });
    shop.addCustomer({ id: 1 });
    // 2 + 11 × (1 + 2 + 11 × 1) = 156 requested; one customer without orders: 2 + 1 × (1 + 2 + 1) = 6 actual
    const body = await run(shop, "{ customers(first: 250) { nodes { id orders(first: 250) { nodes { id } } } } }");
    expect(body.extensions!.cost).toEqual({
      requestedQueryCost: 156,
      actualQueryCost: 6,
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 994, restoreRate: 50 },
    });
    shop.bucket.setAvailable(155);
    expect(
      (await run(shop, "{ customers(first: 250) { nodes { id orders(first: 250) { nodes { id } } } } }")).errors![0].extensions!.code,
    ).toBe("THROTTLED");
  });

  it("rejects a single query over 1,000 points with MAX_COST_EXCEEDED and no charge", async () => {
    const shop = createEmptyShop({ domain: "max.myshopify.com", clock: fakeClock() });
    const body = await run(
      shop,
      "{ customers(first: 250) { nodes { orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } } } }",
    );
    expect(body).toEqual({
      errors: [
        {
          message:
            "Query cost is 1729, which exceeds the single query max cost limit (1000).\n\nSee https://shopify.dev/docs/api/usage/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/docs/api/usage/bulk-operations/queries for usage details.\n",
          extensions: { code: "MAX_COST_EXCEEDED", cost: 1729, maxCost: 1000, documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
    });
    expect(shop.bucket.status().currentlyAvailable).toBe(2000);
  });
});

describe("access scopes", () => {
  it("shows only the last 60 days of orders without read_all_orders", async () => {
    const shop = await seedOnlineRetail({ scopes: ["read_customers", "read_orders"], clock: fakeClock() });
    const cutoff = Date.parse("2011-12-10T00:00:00Z") - 60 * 86_400_000;
    let expected = 0;
    for (let j = 0; j < shop.orders.length; j++) if (shop.orders.processedAt[j] >= cutoff) expected++;
    expect(expected).toBe(5_191);
    const body = await run(
      shop,
      `{ ordersCount(limit: null) { count } old: order(id: "gid://shopify/Order/536365") { id }
         customer(id: "gid://shopify/Customer/17850") { numberOfOrders lastOrder { id } orders(first: 5) { nodes { id } } } }`,
    );
    expect(body.data!.ordersCount.count).toBe(5_191);
    expect(body.data!.old).toBeNull();
    expect(body.data!.customer).toEqual({ numberOfOrders: "34", lastOrder: null, orders: { nodes: [] } });
    const ids = await pageAll(shop, "orders", "");
    expect(ids).toHaveLength(5_191);
  });

  it("denies customers without read_customers, as Shopify does", async () => {
    const shop = createEmptyShop({ domain: "noscope.myshopify.com", scopes: ["read_orders"], clock: fakeClock() });
    const body = await run(shop, "{ customers(first: 1) { nodes { id } } }");
    expect(body.errors).toEqual([
      {
        message: "Access denied for customers field. Required access: `read_customers` access scope.",
        locations: [{ line: 1, column: 3 }],
        path: ["customers"],
        extensions: {
          code: "ACCESS_DENIED",
          documentation: "https://shopify.dev/api/usage/access-scopes",
          requiredAccess: "`read_customers` access scope.",
        },
      },
    ]);
    expect(body.data).toBeNull();
  });
});

describe("tagsAdd / tagsRemove", () => {
  it("adds app tags, keeps the merchant's tags, bumps updatedAt and emits customers/update", async () => {
    const clock = fakeClock();
    const shop = createEmptyShop({ domain: "tags.myshopify.com", clock, now: new Date("2026-11-23T00:00:00Z") });
    const id = shop.addCustomer({ id: 42, tags: ["Wholesale", "newsletter"], createdAt: "2026-01-01T00:00:00Z" });
    const events: ShopChangeEvent[] = [];
    shop.onChange((e) => events.push(e));
    clock.advance(5_000);

    const added = await run(
      shop,
      `mutation Add($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id ... on Customer { tags updatedAt } } userErrors { field message } } }`,
      { id, tags: ["tsunagu:vip", "tsunagu:vip"] },
    );
    expect(added.data!.tagsAdd).toEqual({
      node: { id, tags: ["newsletter", "tsunagu:vip", "Wholesale"], updatedAt: "2026-11-23T00:00:05Z" },
      userErrors: [],
    });
    expect(events.map((e) => e.topic)).toEqual(["customer.tags_added", "customers/update"]);
    expect(events[1]).toEqual({ topic: "customers/update", resourceId: id, occurredAt: new Date("2026-11-23T00:00:05Z") });

    const removed = await run(
      shop,
      `mutation { tagsRemove(id: "${id}", tags: "tsunagu:vip, not-there") { node { ... on Customer { tags } } userErrors { message } } }`,
    );
    expect(removed.data!.tagsRemove).toEqual({ node: { tags: ["newsletter", "Wholesale"] }, userErrors: [] });
    expect(shop.customerTags(id)).toEqual(["newsletter", "Wholesale"]);
    expect(events.filter((e) => e.topic === "customers/update")).toHaveLength(2);
  });

  it("accepts a comma-separated string as Shopify does", async () => {
    const shop = createEmptyShop({ domain: "comma.myshopify.com", clock: fakeClock() });
    const id = shop.addCustomer({ id: 7 });
    await run(shop, `mutation { tagsAdd(id: "${id}", tags: "a, b,c") { userErrors { message } } }`);
    expect(shop.customerTags(id)).toEqual(["a", "b", "c"]);
  });

  it("reports a userError for a customer that does not exist, and emits nothing", async () => {
    const shop = createEmptyShop({ domain: "missing.myshopify.com", clock: fakeClock() });
    const events: ShopChangeEvent[] = [];
    shop.onChange((e) => events.push(e));
    const body = await run(
      shop,
      `mutation { tagsAdd(id: "gid://shopify/Customer/999", tags: ["x"]) { node { id } userErrors { field message } } }`,
    );
    expect(body.data!.tagsAdd).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] });
    expect(events).toEqual([]);
  });

  it("refuses to go past 250 tags on a customer", async () => {
    const shop = createEmptyShop({ domain: "limit.myshopify.com", clock: fakeClock() });
    const id = shop.addCustomer({ id: 1, tags: Array.from({ length: 249 }, (_, k) => `t${k}`) });
    const ok = await run(shop, `mutation { tagsAdd(id: "${id}", tags: ["one-more"]) { userErrors { field message } } }`);
    expect(ok.data!.tagsAdd.userErrors).toEqual([]);
    const full = await run(shop, `mutation { tagsAdd(id: "${id}", tags: ["too-many"]) { node { id } userErrors { field message } } }`);
    expect(full.data!.tagsAdd.node).toBeNull();
    expect(full.data!.tagsAdd.userErrors[0].field).toEqual(["tags"]);
    expect(shop.customerTags(id)).toHaveLength(250);
  });

  it("needs write_customers", async () => {
    const shop = createEmptyShop({ domain: "readonly.myshopify.com", scopes: ["read_customers"], clock: fakeClock() });
    const id = shop.addCustomer({ id: 1 });
    const body = await run(shop, `mutation { tagsAdd(id: "${id}", tags: ["x"]) { userErrors { message } } }`);
    expect(body.errors![0]).toMatchObject({ message: "Access denied for tagsAdd field. Required access: `write_customers` access scope." });
  });
});

describe("test purchases through addOrder", () => {
  it("creates an order the API returns, with the customer's aggregates updated", async () => {
    const shop = createEmptyShop({
      domain: "buy.myshopify.com",
      clock: fakeClock(),
      now: new Date("2026-11-23T00:00:00Z"),
      currencyCode: "JPY",
    });
    const customer = shop.addCustomer({ id: 5, firstName: "Hana", lastName: "Sato", email: "hana@example.com" });
    const events: string[] = [];
    shop.onChange((e) => events.push(e.topic));
    const order = shop.addOrder({
      customerId: customer,
      processedAt: "2026-11-22T10:00:00Z",
      lineItems: [{ title: "Tea", quantity: 2, unitPrice: "12.50" }],
    });
    expect(events).toEqual(["orders/create", "orders/paid", "orders/updated", "customers/purchasing_summary"]);
    const body = await run(
      shop,
      `{ order(id: "${order}") { name totalPriceSet { shopMoney { amount currencyCode } } customer { numberOfOrders amountSpent { amount } statistics { rfmGroup } } } }`,
    );
    expect(body.data!.order).toEqual({
      name: `#${order.split("/").pop()}`,
      totalPriceSet: { shopMoney: { amount: "25.0", currencyCode: "JPY" } },
      customer: { numberOfOrders: "1", amountSpent: { amount: "25.0" }, statistics: { rfmGroup: "NEW" } },
    });
  });
});
