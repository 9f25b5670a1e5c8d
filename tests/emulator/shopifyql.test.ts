// The emulator's ShopifyQL (shopifyql.ts): schema-valid answers, parse errors in the response for what the
// subset cannot read, access denied without read_reports or Level 2 protected customer data, and sessions
// derived from the orders (every completed checkout is an order placed that day from its last visit).
import { describe, expect, it } from "vitest";
import { validate, parse } from "graphql";
import { createAdminGraphql } from "./admin-graphql";
import { adminSchema } from "./schema";
import { createEmptyShop, DEFAULT_SCOPES, type EmulatedShop } from "./store";
import { derivedLastVisitTemplate } from "./resolvers-journeys";
import { parseShopifyql } from "./shopifyql";

const graphql = createAdminGraphql();

const DOCUMENT = `query Run($q: String!) { shopifyqlQuery(query: $q) {
  parseErrors parseWarnings
  tableData { columns { name displayName dataType columnOrigin subType } rows rowMetadata { rawResourceIds topNRemainderColumnNames nullCellTranslations { columnName displayText } } }
} }`;

async function run(shop: EmulatedShop, q: string): Promise<any> {
  const { status, body } = await graphql(shop, { query: DOCUMENT, variables: { q } });
  expect(status).toBe(200);
  return body;
}

/** Twelve customers, one order each over three days in Tokyo, one a test order. */
function sessionsShop(options: { scopes?: string[]; protectedCustomerDataLevel?: 0 | 1 | 2 } = {}): EmulatedShop {
  const shop = createEmptyShop({
    domain: "tabi.myshopify.com",
    now: new Date("2026-04-20T03:00:00Z"),
    currencyCode: "JPY",
    ianaTimezone: "Asia/Tokyo",
    ...options,
  });
  for (let id = 1; id <= 12; id++) {
    shop.addCustomer({ id, createdAt: "2026-01-01T00:00:00Z" });
    // 2026-04-16 .. 04-18 local (01:00 UTC = 10:00 JST)
    shop.addOrder({
      id: 100 + id,
      customerId: id,
      processedAt: `2026-04-${16 + (id % 3)}T01:00:00Z`,
      lineItems: [{ sku: `SKU${id}`, quantity: 1, unitPrice: "3000" }],
      test: id === 12,
    });
  }
  return shop;
}

describe("shopifyqlQuery on the emulator", () => {
  it("the document the tests send is valid against the 2026-10 schema", () => {
    expect(validate(adminSchema(), parse(DOCUMENT))).toEqual([]);
  });

  it("answers sessions by day with every column typed and one row metadata per row; completed checkouts are the day's non-test orders with a visit", async () => {
    const shop = sessionsShop();
    const body = await run(
      shop,
      "FROM sessions SHOW sessions, sessions_with_cart_additions, sessions_that_reached_checkout, sessions_that_completed_checkout SINCE 2026-04-15 UNTIL 2026-04-19 TIMESERIES day",
    );
    expect(body.errors).toBeUndefined();
    const { parseErrors, tableData } = body.data.shopifyqlQuery;
    expect(parseErrors).toEqual([]);
    expect(tableData.columns.map((c: any) => [c.name, c.dataType, c.columnOrigin])).toEqual([
      ["day", "DAY_TIMESTAMP", "REQUESTED"],
      ["sessions", "INTEGER", "REQUESTED"],
      ["sessions_with_cart_additions", "INTEGER", "REQUESTED"],
      ["sessions_that_reached_checkout", "INTEGER", "REQUESTED"],
      ["sessions_that_completed_checkout", "INTEGER", "REQUESTED"],
    ]);
    expect(tableData.columns[2].displayName).toBe("Sessions with cart additions");
    // TIMESERIES: all five days, the empty ones with zeros
    expect(tableData.rows.map((r: any) => r.day)).toEqual(["2026-04-15", "2026-04-16", "2026-04-17", "2026-04-18", "2026-04-19"]);
    expect(tableData.rows[0]).toEqual({
      day: "2026-04-15",
      sessions: "0",
      sessions_with_cart_additions: "0",
      sessions_that_reached_checkout: "0",
      sessions_that_completed_checkout: "0",
    });
    expect(tableData.rowMetadata).toHaveLength(5);
    expect(tableData.rowMetadata[0]).toEqual({
      rawResourceIds: [[], [], [], [], []],
      topNRemainderColumnNames: [],
      nullCellTranslations: [],
    });
    const expectedCompleted = [16, 17, 18].map((d) => {
      let n = 0;
      for (let o = 0; o < shop.orders.length; o++) {
        const local = new Date(shop.orders.processedAt[o] + 9 * 3_600_000).getUTCDate();
        if (local === d && shop.orders.test[o] !== 1 && derivedLastVisitTemplate(shop, o) !== null) n++;
      }
      return String(n);
    });
    expect(tableData.rows.slice(1, 4).map((r: any) => r.sessions_that_completed_checkout)).toEqual(expectedCompleted);
    expect(expectedCompleted.map(Number).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(9);
    for (const row of tableData.rows) {
      const [s, cart, reached, completed] = [
        row.sessions,
        row.sessions_with_cart_additions,
        row.sessions_that_reached_checkout,
        row.sessions_that_completed_checkout,
      ].map(Number);
      expect(s).toBeGreaterThanOrEqual(cart);
      expect(cart).toBeGreaterThanOrEqual(reached);
      expect(reached).toBeGreaterThanOrEqual(completed);
    }
  });

  it("groups by day and referrer with UTM values, null where a session had none, and the same answer twice", async () => {
    const shop = sessionsShop();
    const q =
      "FROM sessions SHOW sessions, sessions_that_reached_checkout SINCE -7d UNTIL today GROUP BY day, referrer_source, referrer_name, utm_source, utm_medium, utm_campaign ORDER BY day ASC LIMIT 1000";
    const first = await run(shop, q);
    expect(first.data.shopifyqlQuery.parseErrors).toEqual([]);
    const rows = first.data.shopifyqlQuery.tableData.rows;
    expect(rows.length).toBeGreaterThan(3);
    expect(Object.keys(rows[0])).toEqual([
      "day",
      "referrer_source",
      "referrer_name",
      "utm_source",
      "utm_medium",
      "utm_campaign",
      "sessions",
      "sessions_that_reached_checkout",
    ]);
    for (const row of rows) expect(["search", "social", "email", "direct", "unknown"]).toContain(row.referrer_source);
    expect(rows.some((r: any) => r.referrer_source === "direct" && r.utm_source === null && r.referrer_name === null)).toBe(true);
    expect((await run(shop, q)).data).toEqual(first.data);
    const paged = await run(shop, q.replace("LIMIT 1000", "LIMIT 2 OFFSET 1"));
    expect(paged.data.shopifyqlQuery.tableData.rows).toEqual(rows.slice(1, 3));
  });

  it.each([
    ["FROM sesions SHOW sessions", "Table 'sesions' does not exist (the emulator serves 'sessions')"],
    ["FROM sessions SHOW sessions, pageviewz", "Column 'pageviewz' does not exist in table 'sessions'"],
    ["FROM sessions SHOW sessions GROUP BY referrer_sauce", "Column 'referrer_sauce' does not exist in table 'sessions'"],
    ["FROM sessions SHOW sessions BY day", "Expected ',' in SHOW near 'BY'"],
    ["FROM sessions SHOW sessions, referrer_source", "Dimension 'referrer_source' in SHOW must appear in GROUP BY"],
    ["FROM sessions SHOW sessions GROUP BY day SINCE -7d", "Keyword 'SINCE' must come before 'GROUP'"],
    [
      "FROM sessions SHOW sessions WHERE utm_source = 'line'",
      "Keyword 'WHERE' is valid ShopifyQL but not part of the Tsunagu emulator's subset",
    ],
    ["SHOW sessions", "A query needs FROM"],
    ["FROM sessions SHOW sessions SINCE last_tuesday", "SINCE takes one date"],
    ["FROM sessions SHOW sessions LIMIT ten", "LIMIT takes a number"],
  ])("%s → a parse error in the response, no table", async (q, message) => {
    const body = await run(sessionsShop(), q);
    expect(body.errors).toBeUndefined();
    expect(body.data.shopifyqlQuery.tableData).toBeNull();
    expect(body.data.shopifyqlQuery.parseErrors).toHaveLength(1);
    expect(body.data.shopifyqlQuery.parseErrors[0]).toContain(message);
  });

  it.each([
    ["without read_reports", { scopes: DEFAULT_SCOPES.filter((s) => s !== "read_reports") }],
    ["with Level 1 protected customer data only", { protectedCustomerDataLevel: 1 as const }],
  ])("%s the field is denied as Shopify denies it: ACCESS_DENIED naming the scope and Level 2, data null", async (_what, options) => {
    const body = await run(sessionsShop(options), "FROM sessions SHOW sessions");
    expect(body.data).toEqual({ shopifyqlQuery: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe("ACCESS_DENIED");
    expect(body.errors[0].message).toBe(
      "Access denied for shopifyqlQuery field. Required access: `read_reports` access scope. Also: Level 2 access to Customer data including name, address, phone, and email fields. Please refer to protected customer data [requirements](https://shopify.dev/docs/apps/launch/protected-customer-data).",
    );
    expect(body.errors[0].path).toEqual(["shopifyqlQuery"]);
  });

  it("the parser reads keywords in any case and keeps the clauses", () => {
    expect(
      parseShopifyql("from sessions show sessions since -30d until today group by day order by sessions desc limit 5 offset 10"),
    ).toEqual({
      ok: true,
      query: {
        show: ["sessions"],
        since: "-30d",
        until: "today",
        groupBy: ["day"],
        timeseries: false,
        orderBy: [{ column: "sessions", descending: true }],
        limit: 5,
        offset: 10,
      },
    });
  });
});
