// The emulator's discount codes and marketing activities behave as Shopify's (the rules scenarios rely
// on), and the shopper simulator answers Flow triggers with orders at the configured uplift.
import { describe, expect, it } from "vitest";
import { DiscountCodeBasicCreate } from "../../app/shopify/graphql/discount-code-basic-create.mutation";
import { CodeDiscountNodeByCode } from "../../app/shopify/graphql/code-discount-node-by-code.query";
import { MarketingActivityUpsertExternal } from "../../app/shopify/graphql/marketing-activity-upsert-external.mutation";
import { OrderDiscount } from "../../app/shopify/graphql/order-discount.query";
import { createAdminGraphql } from "./admin-graphql";
import {
  discountForOrder,
  DiscountRejected,
  emulatedDiscounts,
  orderVisit,
  recordOrderVisit,
  recordRedemption,
} from "./resolvers-discounts-marketing";
import { flowTriggerCalls } from "./resolvers-flow-segments";
import { createShopperSimulator } from "./shopper-simulator";
import { createEmptyShop, type EmulatedShop } from "./store";

const graphql = createAdminGraphql();
const NOW = new Date("2026-11-02T00:00:00Z");
const DAY = 86_400_000;

async function run(shop: EmulatedShop, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const { status, body } = await graphql(shop, { query, variables });
  expect(status).toBe(200);
  const { data, errors } = body as { data: Record<string, any>; errors?: unknown[] };
  expect(errors).toBeUndefined();
  return data;
}

function newShop() {
  const shop = createEmptyShop({ domain: "discounts.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: NOW });
  const [alice, bob] = [shop.addCustomer(), shop.addCustomer()];
  return { shop, alice, bob };
}

const uniqueCodeInput = (code: string, customerId: string, endsAt: Date) => ({
  basicCodeDiscount: {
    title: "Win back",
    code,
    startsAt: NOW.toISOString(),
    endsAt: endsAt.toISOString(),
    context: { customers: { add: [customerId] } },
    customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    appliesOncePerCustomer: true,
    usageLimit: 1,
  },
});

describe("discount codes", () => {
  it("a code limited to one customer is single use, expires, and is unique per shop whatever the case", async () => {
    const { shop, alice, bob } = newShop();
    const created = await run(shop, DiscountCodeBasicCreate, uniqueCodeInput("TSU-ALICE", alice, new Date(NOW.getTime() + 14 * DAY)));
    expect(created.discountCodeBasicCreate).toEqual({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1" }, userErrors: [] });
    const again = await run(shop, DiscountCodeBasicCreate, uniqueCodeInput("tsu-alice", bob, new Date(NOW.getTime() + DAY)));
    expect(again.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [{ code: "TAKEN", field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code." }],
    });
    expect((await run(shop, CodeDiscountNodeByCode, { code: "tsu-Alice" })).codeDiscountNodeByCode).toEqual({
      id: "gid://shopify/DiscountCodeNode/1",
    });

    const at = new Date(NOW.getTime() + DAY);
    expect(() => discountForOrder(shop, { code: "TSU-ALICE", customerId: bob, subtotalCents: 500_000, at })).toThrow(DiscountRejected);
    expect(discountForOrder(shop, { code: "tsu-alice", customerId: alice, subtotalCents: 500_000, at })).toBe(50_000);
    const orderId = shop.addOrder({ customerId: alice, processedAt: at, lineItems: [{ title: "Tea", quantity: 1, unitPrice: 4500 }] });
    recordRedemption(shop, { code: "TSU-ALICE", customerId: alice, orderId, at, discountCents: 50_000 });
    expect(() => discountForOrder(shop, { code: "TSU-ALICE", customerId: alice, subtotalCents: 500_000, at })).toThrow(/usage limit/);
    expect((await run(shop, OrderDiscount, { id: orderId })).order).toEqual({
      discountCodes: ["TSU-ALICE"],
      totalDiscountsSet: { shopMoney: { amount: "500.0" } },
    });

    // Expiry: a second code of Alice's, tried after its end.
    await run(shop, DiscountCodeBasicCreate, uniqueCodeInput("TSU-ALICE-2", alice, new Date(NOW.getTime() + 14 * DAY)));
    expect(() =>
      discountForOrder(shop, { code: "TSU-ALICE-2", customerId: alice, subtotalCents: 1000, at: new Date(NOW.getTime() + 14 * DAY) }),
    ).toThrow(/not active/);
  });

  it("asyncUsageCount lags the redemption by a minute of shop time", async () => {
    const { shop, alice } = newShop();
    await run(shop, DiscountCodeBasicCreate, uniqueCodeInput("TSU-LAG", alice, new Date(NOW.getTime() + DAY)));
    const orderId = shop.addOrder({ customerId: alice, processedAt: NOW, lineItems: [{ title: "Tea", quantity: 1, unitPrice: 900 }] });
    recordRedemption(shop, { code: "TSU-LAG", customerId: alice, orderId, at: NOW, discountCents: 10_000 });
    const usage = `query { codeDiscountNodeByCode(code: "TSU-LAG") { codeDiscount { ... on DiscountCodeBasic { asyncUsageCount usageLimit status } } } }`;
    expect((await run(shop, usage)).codeDiscountNodeByCode.codeDiscount).toEqual({ asyncUsageCount: 0, usageLimit: 1, status: "ACTIVE" });
    shop.setNow(new Date(NOW.getTime() + 61_000));
    expect((await run(shop, usage)).codeDiscountNodeByCode.codeDiscount.asyncUsageCount).toBe(1);
  });

  it("rejects an input Shopify rejects: no customer selection, a percentage above 1, an end before the start", async () => {
    const { shop, alice } = newShop();
    const input = uniqueCodeInput("TSU-BAD", alice, new Date(NOW.getTime() - DAY));
    const result = await run(shop, DiscountCodeBasicCreate, {
      basicCodeDiscount: {
        ...input.basicCodeDiscount,
        context: undefined,
        customerGets: { value: { percentage: 1.5 }, items: { all: true } },
      },
    });
    expect(result.discountCodeBasicCreate.userErrors.map((e: { code: string }) => e.code)).toEqual([
      "END_DATE_BEFORE_START_DATE",
      "BLANK",
      "VALUE_OUTSIDE_RANGE",
    ]);
    expect(emulatedDiscounts(shop)).toHaveLength(0);
  });
});

describe("marketing activities", () => {
  const activity = (remoteId: string, campaign: string) => ({
    input: {
      title: "Tsunagu: Win back",
      remoteId,
      remoteUrl: "https://app.example.com/app/scenarios/7",
      status: "ACTIVE",
      tactic: "MESSAGE",
      marketingChannelType: "EMAIL",
      utm: { campaign, medium: "email", source: "tsunagu" },
    },
  });

  it("keep their UTM unique and immutable, and an order landing with that UTM is attributed to the activity", async () => {
    const { shop, alice } = newShop();
    const created = (await run(shop, MarketingActivityUpsertExternal, activity("s-7", "tsunagu-scenario-7")))
      .marketingActivityUpsertExternal;
    expect(created).toEqual({
      marketingActivity: { id: expect.stringMatching(/^gid:\/\/shopify\/MarketingActivity\/\d+$/) },
      userErrors: [],
    });
    expect(
      (await run(shop, MarketingActivityUpsertExternal, activity("s-8", "tsunagu-scenario-7"))).marketingActivityUpsertExternal
        .userErrors[0].code,
    ).toBe("MARKETING_ACTIVITY_WITH_UTM_CAMPAIGN_ALREADY_EXISTS");
    expect(
      (await run(shop, MarketingActivityUpsertExternal, activity("s-7", "changed"))).marketingActivityUpsertExternal.userErrors[0].code,
    ).toBe("IMMUTABLE_UTM_PARAMETERS");
    const { utm: _omitted, ...withoutUtm } = activity("s-9", "x").input;
    expect(
      (await run(shop, MarketingActivityUpsertExternal, { input: withoutUtm })).marketingActivityUpsertExternal.userErrors[0].code,
    ).toBe("NON_HIERARCHIAL_REQUIRES_UTM_URL_PARAMETER");

    const fromLink = shop.addOrder({ customerId: alice, processedAt: NOW, lineItems: [{ title: "Tea", quantity: 1, unitPrice: 900 }] });
    const direct = shop.addOrder({ customerId: alice, processedAt: NOW, lineItems: [{ title: "Tea", quantity: 1, unitPrice: 900 }] });
    recordOrderVisit(shop, fromLink, {
      utm: { campaign: "tsunagu-scenario-7", medium: "email", source: "tsunagu" },
      occurredAt: NOW.getTime(),
    });
    recordOrderVisit(shop, direct, { utm: null, occurredAt: NOW.getTime() });
    expect(orderVisit(shop, fromLink)?.marketingActivityId).toBe(created.marketingActivity.id);
    expect(orderVisit(shop, direct)?.marketingActivityId).toBeNull();
    const byUtm = await run(
      shop,
      `query { marketingActivities(first: 5, utm: {campaign: "tsunagu-scenario-7", medium: "email", source: "tsunagu"}) { nodes { id marketingEvent { remoteId utmCampaign } } } }`,
    );
    expect(byUtm.marketingActivities.nodes).toEqual([
      { id: created.marketingActivity.id, marketingEvent: { remoteId: "s-7", utmCampaign: "tsunagu-scenario-7" } },
    ]);
  });
});

describe("the shopper simulator (simulated)", () => {
  it("orders at the base rate without a message and at base + uplift after the first step", () => {
    const shop = createEmptyShop({ domain: "simulated.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: NOW });
    const population = Array.from({ length: 4000 }, () => shop.addCustomer());
    const treated = population.slice(0, 2000);
    // Flow told about the treated half at NOW (what fireDueSteps does through flowTriggerReceive).
    for (const id of treated) {
      (flowTriggerCalls(shop) as { handle: string; payload: Record<string, unknown>; at: Date }[]).push({
        handle: "scenario-step-due",
        payload: {
          customer_id: Number(id.split("/").at(-1)),
          "offer code": "",
          "link parameters": "utm_source=tsunagu&utm_medium=email&utm_campaign=c",
        },
        at: NOW,
      });
    }
    const simulator = createShopperSimulator(shop, {
      population,
      baseRate: 0.05,
      uplift: 0.05,
      windowDays: 30,
      medianOrderValue: 5000,
      orderValueLogSd: 0.6,
      redeemShare: 0.5,
      clickShare: 1,
      seed: 7,
    });
    simulator.advance(new Date(NOW.getTime() + DAY), new Date(NOW.getTime() + 31 * DAY));
    const buyers = (ids: string[]) =>
      new Set(simulator.orders.filter((o) => ids.includes(o.customerId)).map((o) => o.customerId)).size / ids.length;
    const treatedRate = buyers(treated);
    const holdoutRate = buyers(population.slice(2000));
    // 2,000 a side: one standard error of a difference of ~0.05–0.10 rates is ~0.008.
    expect(holdoutRate).toBeGreaterThan(0.05 - 0.02);
    expect(holdoutRate).toBeLessThan(0.05 + 0.02);
    expect(treatedRate - holdoutRate).toBeGreaterThan(0.05 - 0.025);
    expect(treatedRate - holdoutRate).toBeLessThan(0.05 + 0.025);
    expect(simulator.orders.filter((o) => o.treated).every((o) => orderVisit(shop, o.orderId)?.utm?.campaign === "c")).toBe(true);
  });
});
