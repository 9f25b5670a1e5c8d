// The dashboard numbers the whole-shop recompute stores (segments aggregate, cohorts, threshold
// suggestion) equal what a direct computation over the same rows gives — after the recompute, after
// an incremental change (the webhook path recomputes one customer), and after the next daily run.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { recomputeCustomers } from "../../app/jobs/recompute-customer.server";
import { recomputeSegments } from "../../app/jobs/recompute-segments.server";
import { buildCohorts } from "../../app/domain/cohorts";
import { suggestThresholds } from "../../app/domain/threshold-suggestions";
import { loadCohortsReport } from "../../app/models/cohorts.server";
import { countCustomersByStage, loadCustomerHistories } from "../../app/models/customer.server";
import { computeSegmentsAggregate, listCustomers, loadSegmentsReport } from "../../app/models/segments-report.server";
import { loadRulesForm } from "../../app/models/settings-page.server";
import type { AdminClient } from "../../app/shopify/admin-client.server";

const SHOP = "aggregates.myshopify.com";
const TZ = "Asia/Tokyo";
const INSTALL = new Date("2026-03-01T03:00:00Z");
const WEBHOOK = new Date("2026-03-01T05:00:00Z");
const NEXT_DAY = new Date("2026-03-02T03:00:00Z");
const gid = (n: number) => `gid://shopify/Customer/${n}`;
// Tagging is off for this shop: the one-customer recompute has no tag to write, so no Admin API call.
const noAdmin: AdminClient = {
  request: () => Promise.reject(new Error("no Admin API call expected")),
} as unknown as AdminClient;

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

async function customer(n: number, orders: Array<[string, number]>) {
  await prisma.customer.create({
    data: {
      shop: SHOP,
      id: gid(n),
      shopifyCreatedAt: new Date("2025-01-01T00:00:00Z"),
      shopifyUpdatedAt: new Date("2025-01-01T00:00:00Z"),
    },
  });
  for (const [at, amount] of orders) await order(n, at, amount);
}

/** What the page would show if everything were computed from the rows right now. */
async function direct(now: Date) {
  const histories = await loadCustomerHistories(SHOP);
  return {
    segments: await computeSegmentsAggregate(SHOP, now, TZ),
    counts: await countCustomersByStage(SHOP),
    cohorts: buildCohorts(
      histories.flatMap((h) => h.orders),
      { timeZone: TZ, asOf: now, maxOffset: 12 },
    ).cohorts,
    suggestion: suggestThresholds(histories, { asOf: now, timeZone: TZ }),
  };
}

beforeAll(async () => {
  await prisma.shop.create({ data: { shop: SHOP, currencyCode: "JPY", ianaTimezone: TZ, taggingEnabled: false } });
  await customer(1, [
    ["2025-06-01T03:00:00Z", 3000],
    ["2025-07-01T03:00:00Z", 2000],
    ["2025-09-01T03:00:00Z", 1000],
  ]); // gaps 30, 62 days
  await customer(2, [
    ["2026-01-10T03:00:00Z", 5000],
    ["2026-02-20T03:00:00Z", 2000],
  ]); // gap 41 days
  await customer(3, [["2026-02-25T03:00:00Z", 4800]]);
  await customer(4, []);
  await recomputeSegments({ shop: SHOP, asOf: INSTALL });
});

describe("after the whole-shop recompute", () => {
  it("the Segments page shows the stored numbers, equal to a direct computation, as of the recompute", async () => {
    const report = await loadSegmentsReport(SHOP, { periodDays: 30, now: INSTALL });
    const expected = await direct(INSTALL);
    // Customer 1's last order is 181 days old (dormant); customer 2 is the top repeat buyer (VIP).
    expect(report.current).toEqual({ prospect: 1, new: 1, regular: 0, vip: 1, dormant: 1, churned: 0 });
    expect(report.current).toEqual(expected.counts);
    expect(report.matrix).toEqual(expected.segments.moves["30"]);
    // Installed today: the last 30 days (from 31 Jan) begin before install, so the moves are estimated
    // from each customer's segment reconstructed as of 30 Jan. Then customer 1 was already dormant (151
    // days since the last order), customer 2 first-time (one order), customer 3 and 4 prospects.
    expect(report.movesEstimated).toBe(true);
    expect(report.matrix.counts.none).toEqual({ prospect: 0, new: 0, regular: 0, vip: 0, dormant: 0, churned: 0 });
    expect(report.matrix.counts.new.vip).toBe(1);
    expect(report.matrix.counts.prospect.new).toBe(1);
    expect(report.matrix.moved).toBe(2);
    expect(report.rfGrid).toEqual(expected.segments.rfGrid);
    expect(report.rfGrid.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(report.asOf).toBe(INSTALL.toISOString());
  });

  it("scores a segment's customers against the stored R/F/M cuts as the whole distribution would", async () => {
    const page = (await listCustomers(SHOP, { kind: "stage", stage: "vip", subscriber: "all" }, { page: 1, now: INSTALL }))!;
    // Three buyers; customer 2 is 9 days since the last order (one buyer worse: r 2), has 2 orders (one
    // worse: f 2) and spent 7000 (two worse: m 4) — 1 + floor(5 × worse / 3).
    expect(page.rows.map((r) => [r.id, r.r, r.f, r.m, r.recencyDays])).toEqual([[gid(2), 2, 2, 4, 9]]);
  });

  it("the cohorts and the threshold suggestion are the stored ones, equal to a direct computation", async () => {
    const expected = await direct(INSTALL);
    const cohorts = await loadCohortsReport(SHOP, { span: 24, now: INSTALL });
    expect(cohorts.cohorts).toEqual(expected.cohorts);
    expect(cohorts.cohorts.map((c) => [c.month, c.customers])).toEqual([
      ["2025-06", 1],
      ["2026-01", 1],
      ["2026-02", 1],
    ]);
    expect(cohorts.asOf).toBe(INSTALL.toISOString());
    const settings = await loadRulesForm(SHOP);
    expect(settings.suggestion).toEqual(expected.suggestion);
    expect(settings.suggestion).toEqual({ ok: false, reason: "not-enough-gaps", gapCount: 3, minGaps: 30 });
    expect(settings.suggestionAsOf).toBe(INSTALL.toISOString());
  });
});

describe("after an incremental change (a new order through the one-customer recompute)", () => {
  beforeAll(async () => {
    await order(3, "2026-03-01T04:00:00Z", 1200);
    await recomputeCustomers({ shop: SHOP, admin: noAdmin, customerIds: [gid(3)], asOf: WEBHOOK });
  });

  it("the stage counts and the period's moves are exact: the later transition is applied when read", async () => {
    const report = await loadSegmentsReport(SHOP, { periodDays: 30, now: WEBHOOK });
    const expected = await direct(WEBHOOK);
    expect(report.current).toEqual(expected.counts);
    expect(report.current.new).toBe(0);
    expect(report.matrix).toEqual(expected.segments.moves["30"]);
    // Customer 3 was a prospect on 30 Jan and first-time at install; the second order makes them a repeat
    // buyer: their estimated move is now prospect → regular, no longer prospect → new.
    expect(report.matrix.counts.prospect.new).toBe(0);
    expect(report.matrix.counts.prospect.regular).toBe(1);
    expect(report.matrix.counts.new.vip).toBe(1);
    expect(report.matrix.moved).toBe(2);
  });

  it("the cohorts stay as of the recompute (the page says so) until the next whole-shop run", async () => {
    const cohorts = await loadCohortsReport(SHOP, { span: 24, now: WEBHOOK });
    expect(cohorts.asOf).toBe(INSTALL.toISOString());
    expect(cohorts.cohorts).toEqual((await direct(INSTALL)).cohorts);
  });
});

describe("after the next daily run", () => {
  beforeAll(async () => {
    await recomputeSegments({ shop: SHOP, asOf: NEXT_DAY });
  });

  it("every stored number equals a direct computation again, as of that run", async () => {
    const expected = await direct(NEXT_DAY);
    const report = await loadSegmentsReport(SHOP, { periodDays: 90, now: NEXT_DAY });
    expect(report.current).toEqual(expected.counts);
    expect(report.matrix).toEqual(expected.segments.moves["90"]);
    expect(report.rfGrid).toEqual(expected.segments.rfGrid);
    expect(report.asOf).toBe(NEXT_DAY.toISOString());
    expect((await loadCohortsReport(SHOP, { span: 24, now: NEXT_DAY })).cohorts).toEqual(expected.cohorts);
    expect((await loadRulesForm(SHOP)).suggestion).toEqual(expected.suggestion);
  });
});
