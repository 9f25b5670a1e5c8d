// "Subscriber" as a dimension of the Segments page: the whole-shop recompute records who has an active
// subscription (Customer.subscriber) beside their segment, the stored aggregate keeps the subscribers'
// counts, sales and predicted value, and the page, its drill-down lists and CSV filter on it.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { recomputeCustomers } from "../../app/jobs/recompute-customer.server";
import { recomputeSegments } from "../../app/jobs/recompute-segments.server";
import { csvFileName, customersCsv, listCustomers, loadSegmentsReport, parseCustomerFilter } from "../../app/models/segments-report.server";
import { LIFECYCLE_STAGES, type LifecycleStage } from "../../app/domain/types";
import type { AdminClient } from "../../app/shopify/admin-client.server";

const SHOP = "subscriber-dimension.myshopify.com";
const TZ = "Asia/Tokyo";
const INSTALL = new Date("2026-03-01T03:00:00Z");
const LATER = new Date("2026-03-01T05:00:00Z");
const PLAN = "gid://shopify/SellingPlan/77";
const gid = (n: number) => `gid://shopify/Customer/${n}`;
// Tagging is off for this shop: the one-customer recompute has no tag to write, so no Admin API call.
const noAdmin = { request: () => Promise.reject(new Error("no Admin API call expected")) } as unknown as AdminClient;

let orderNumber = 0;
async function order(n: number, at: string, amount: number) {
  orderNumber += 1;
  await prisma.order.create({
    data: {
      shop: SHOP,
      id: `gid://shopify/Order/${orderNumber}`,
      customerId: gid(n),
      processedAt: new Date(at),
      shopifyUpdatedAt: new Date(at),
      totalPrice: amount,
      financialStatus: "PAID",
    },
  });
}

async function customer(n: number, orders: Array<[string, number]>, subscription?: "active" | "ended") {
  await prisma.customer.create({
    data: {
      shop: SHOP,
      id: gid(n),
      shopifyCreatedAt: new Date("2025-01-01T00:00:00Z"),
      shopifyUpdatedAt: new Date("2025-01-01T00:00:00Z"),
    },
  });
  for (const [at, amount] of orders) await order(n, at, amount);
  if (subscription) await subscribe(n, orders, subscription);
}

/** The subscription the detection would have stored for these deliveries. */
async function subscribe(n: number, orders: Array<[string, number]>, state: "active" | "ended") {
  await prisma.subscription.create({
    data: {
      shop: SHOP,
      customerId: gid(n),
      sellingPlanId: PLAN,
      startedAt: new Date(orders[0]![0]),
      lastDeliveryAt: new Date(orders.at(-1)![0]),
      deliveries: orders.length,
      intervalDays: 30,
      intervalSource: "plan",
      state,
      endReason: state === "ended" ? "cancelled" : null,
      nextDeliveryDeadline: new Date(new Date(orders.at(-1)![0]).getTime() + 45 * 86_400_000),
      detectedAt: INSTALL,
    },
  });
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  await prisma.shop.create({ data: { shop: SHOP, currencyCode: "JPY", ianaTimezone: TZ, taggingEnabled: false } });
  // 1: monthly subscriber, a delivery in the last 30 days (3,000).
  const monthly: Array<[string, number]> = ["2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01"].map((d) => [
    `${d}T03:00:00Z`,
    3000,
  ]);
  await customer(1, monthly, "active");
  // 2: cancelled their subscription; a last order in the period (2,500): not a subscriber.
  await customer(
    2,
    ["2025-12-01", "2026-01-01", "2026-02-01"].map((d) => [`${d}T03:00:00Z`, 2500]),
    "ended",
  );
  // 3: a one-off buyer in the period (4,800).
  await customer(3, [["2026-02-25T03:00:00Z", 4800]]);
  // 4: no order yet.
  await customer(4, []);
  // 5: an active subscriber whose last delivery is 181 days old: never dormant while subscribed.
  await customer(
    5,
    ["2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01"].map((d) => [`${d}T03:00:00Z`, 2000]),
    "active",
  );
  await recomputeSegments({ shop: SHOP, asOf: INSTALL });
});

describe("the whole-shop recompute", () => {
  it("records who has an active subscription beside their segment; an active subscriber is not dormant", async () => {
    const rows = await prisma.customer.findMany({
      where: { shop: SHOP },
      orderBy: { id: "asc" },
      select: { id: true, stage: true, subscriber: true },
    });
    expect(rows.map((r) => [r.id, r.subscriber])).toEqual([
      [gid(1), true],
      [gid(2), false],
      [gid(3), false],
      [gid(4), false],
      [gid(5), true],
    ]);
    expect(rows.find((r) => r.id === gid(5))!.stage).not.toMatch(/dormant|churned/);
  });
});

describe("the Segments page with the subscriber filter", () => {
  it("splits each segment into subscribers and others: counts and the period's revenue add up to the whole", async () => {
    const all = await loadSegmentsReport(SHOP, { periodDays: 30, now: INSTALL });
    const { subscribers, others } = all.breakdown!;
    for (const stage of LIFECYCLE_STAGES) {
      expect(subscribers[stage].customers + others[stage].customers).toBe(all.current[stage]);
      expect(subscribers[stage].revenue + others[stage].revenue).toBe(all.money.bySegment[stage].revenue);
    }
    // Subscribers 1 and 5; of them only 1 ordered in the last 30 days (3,000); others: 2 (2,500) and 3 (4,800).
    expect(LIFECYCLE_STAGES.reduce((n, s) => n + subscribers[s].customers, 0)).toBe(2);
    expect(LIFECYCLE_STAGES.reduce((n, s) => n + subscribers[s].revenue, 0)).toBe(3000);
    expect(LIFECYCLE_STAGES.reduce((n, s) => n + subscribers[s].orders, 0)).toBe(1);
    expect(LIFECYCLE_STAGES.reduce((n, s) => n + others[s].customers, 0)).toBe(3);
    expect(LIFECYCLE_STAGES.reduce((n, s) => n + others[s].revenue, 0)).toBe(7300);
    expect(others.prospect.customers).toBe(1);
    expect(subscribers.dormant.customers + subscribers.churned.customers).toBe(0);
  });

  it("?subscriber=yes shows the subscribers' counts and money, ?subscriber=no everyone else's", async () => {
    const yes = await loadSegmentsReport(SHOP, { periodDays: 30, subscriber: "yes", now: INSTALL });
    const no = await loadSegmentsReport(SHOP, { periodDays: 30, subscriber: "no", now: INSTALL });
    expect(yes.subscriber).toBe("yes");
    expect(sum(yes.current)).toBe(2);
    expect(sum(no.current)).toBe(3);
    expect(LIFECYCLE_STAGES.reduce((n, s) => n + yes.money.bySegment[s].revenue, 0)).toBe(3000);
    expect(LIFECYCLE_STAGES.reduce((n, s) => n + no.money.bySegment[s].revenue, 0)).toBe(7300);
    expect(yes.current).toEqual(Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, yes.breakdown!.subscribers[s].customers])));
  });

  it("a later change of segment of a subscriber moves them between the subscribers' counts when read", async () => {
    const before = await loadSegmentsReport(SHOP, { periodDays: 30, subscriber: "yes", now: INSTALL });
    const from = (await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: gid(1) } } })).stage as LifecycleStage;
    const to = from === "vip" ? "regular" : "vip";
    await prisma.segmentTransition.create({
      data: { shop: SHOP, customerId: gid(1), fromStage: from, toStage: to, at: LATER, reason: "test" },
    });
    await prisma.customer.update({ where: { shop_id: { shop: SHOP, id: gid(1) } }, data: { stage: to } });

    const after = await loadSegmentsReport(SHOP, { periodDays: 30, subscriber: "yes", now: LATER });
    expect(after.current[from]).toBe(before.current[from] - 1);
    expect(after.current[to]).toBe(before.current[to] + 1);
    const others = await loadSegmentsReport(SHOP, { periodDays: 30, subscriber: "no", now: LATER });
    expect(sum(others.current)).toBe(3);

    await prisma.segmentTransition.create({
      data: { shop: SHOP, customerId: gid(1), fromStage: to, toStage: from, at: LATER, reason: "test" },
    });
    await prisma.customer.update({ where: { shop_id: { shop: SHOP, id: gid(1) } }, data: { stage: from } });
  });
});

describe("the drill-down lists and the CSV", () => {
  it("parses ?subscriber= on a segment's list, and refuses it on a move's list or with another value", () => {
    expect(parseCustomerFilter(new URLSearchParams("stage=vip&subscriber=yes"))).toEqual({
      kind: "stage",
      stage: "vip",
      subscriber: "yes",
    });
    expect(parseCustomerFilter(new URLSearchParams("stage=vip"))).toEqual({ kind: "stage", stage: "vip", subscriber: "all" });
    expect(parseCustomerFilter(new URLSearchParams("stage=vip&subscriber=maybe"))).toBeNull();
    expect(parseCustomerFilter(new URLSearchParams("from=new&to=vip&period=90&subscriber=yes"))).toBeNull();
    expect(csvFileName({ kind: "stage", stage: "vip", subscriber: "yes" }, "2026-03-01")).toBe("tsunagu-vip-subscribers-2026-03-01.csv");
    expect(csvFileName({ kind: "stage", stage: "vip", subscriber: "no" }, "2026-03-01")).toBe("tsunagu-vip-non-subscribers-2026-03-01.csv");
  });

  it("a segment's list keeps only its subscribers (yes) or its other customers (no), with the stored sizes", async () => {
    const stage = (await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: gid(1) } } })).stage as "vip" | "regular";
    const ids = async (subscriber: "all" | "yes" | "no") => {
      const page = (await listCustomers(SHOP, { kind: "stage", stage, subscriber }, { page: 1, now: LATER }))!;
      expect(page.total).toBe(page.rows.length);
      return page.rows.map((r) => r.id).sort();
    };
    const all = await ids("all");
    const yes = await ids("yes");
    const no = await ids("no");
    expect(yes).toContain(gid(1));
    expect(no).not.toContain(gid(1));
    expect(no).not.toContain(gid(5));
    expect([...yes, ...no].sort()).toEqual(all);
  });

  it("the CSV of a segment's subscribers lists only them, each with subscriber = true", async () => {
    const stage = (await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: gid(1) } } })).stage as "vip" | "regular";
    const text = new TextDecoder().decode(
      await new Response(await customersCsv(SHOP, { kind: "stage", stage, subscriber: "yes" }, LATER)).arrayBuffer(),
    );
    const lines = text.trim().split("\r\n").slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.endsWith(",true"))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${gid(1)},`))).toBe(true);
  });
});

describe("the one-customer recompute (webhooks)", () => {
  it("writes the subscriber flag when a customer starts subscribing", async () => {
    const orders: Array<[string, number]> = [
      ["2026-02-25T03:00:00Z", 4800],
      ["2026-03-01T04:00:00Z", 4800],
    ];
    await order(3, orders[1]![0], orders[1]![1]);
    await subscribe(3, orders, "active");
    await recomputeCustomers({ shop: SHOP, admin: noAdmin, customerIds: [gid(3)], asOf: LATER });
    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: gid(3) } } });
    expect(row.subscriber).toBe(true);
  });
});
