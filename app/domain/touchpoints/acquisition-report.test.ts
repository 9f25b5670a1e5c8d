import { describe, expect, it } from "vitest";
import { parseLocalDate } from "../calendar";
import type { OrderFact } from "../types";
import { DEFAULT_UTM_RULES } from "./channels";
import { buildAcquisitionReport, daysBucket, type AcquisitionCustomer, type OrderProduct } from "./acquisition-report";
import type { JourneyRecord, StoredVisit } from "./journey-record";

const order = (id: string, processedAt: string, extra: Partial<OrderFact> = {}): OrderFact => ({
  id,
  customerId: null,
  processedAt: new Date(`${processedAt}T10:00:00Z`),
  totalPrice: 100,
  totalRefunded: 0,
  cancelled: false,
  test: false,
  financialStatus: "PAID",
  ...extra,
});
const visit = (fields: Partial<StoredVisit>): StoredVisit => ({
  source: null,
  sourceType: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  referrerHost: null,
  marketingEventId: null,
  occurredAt: null,
  ...fields,
});
const journey = (first: StoredVisit | null, daysToConversion: number | null): JourneyRecord => ({
  origin: "summary",
  ready: true,
  customerOrderIndex: 1,
  daysToConversion,
  momentsCount: first ? 1 : 0,
  first,
  last: first,
});
const GOOGLE = visit({ source: "Google", sourceType: "SEO", referrerHost: "google.com" });
const LINE = visit({ source: "line.me", utmSource: "line", utmMedium: "message" });
const TEA: OrderProduct = { productId: "1", productType: "Tea" };
const CUPS: OrderProduct = { productId: "2", productType: "Ware" };
const KETTLE: OrderProduct = { productId: "3", productType: "Ware" };

const customer = (customerId: string, orders: OrderFact[], extra: Partial<AcquisitionCustomer> = {}): AcquisitionCustomer => ({
  customerId,
  orders,
  stage: "regular",
  predictedClv12m: null,
  firstAdvocacyAt: null,
  ...extra,
});

// A hand-built shop as of 31 Dec 2025 (UTC): four customers acquired in 2025, one with only a cancelled
// order and one whose first order is after the as-of day.
function handBuiltShop(predictionsPublished = true) {
  return buildAcquisitionReport({
    customers: [
      // Google search, tea; second order 22 days later (cups), a third 142 days after the first; reviewed 1 Mar
      customer("a", [order("a1", "2025-01-10"), order("a2", "2025-02-01"), order("a3", "2025-06-01")], {
        predictedClv12m: 500,
        firstAdvocacyAt: new Date("2025-03-01T09:00:00Z"),
      }),
      // LINE, tea, never again
      customer("b", [order("b1", "2025-03-01", { totalPrice: 80, totalRefunded: 20 })], { stage: "dormant", predictedClv12m: 100 }),
      // Google search, a kettle on 15 Nov, again on 1 Dec (16 days)
      customer("c", [order("c1", "2025-11-15"), order("c2", "2025-12-01")], { stage: "new" }),
      // no journey recorded, tea and a kettle on 1 Jun, tea again on 1 Oct (122 days)
      customer("d", [order("d1", "2025-06-01"), order("d2", "2025-10-01")], { predictedClv12m: 300 }),
      customer("e", [order("e1", "2025-05-01", { cancelled: true })]),
      customer("f", [order("f1", "2026-01-05")]),
    ],
    journeys: new Map([
      ["a1", journey(GOOGLE, 0)],
      ["b1", journey(LINE, 3)],
      ["c1", journey(GOOGLE, 20)],
      ["d1", journey(null, null)],
      ["f1", journey(LINE, 0)],
    ]),
    orderProducts: new Map([
      ["a1", [TEA]],
      ["a2", [CUPS]],
      ["b1", [TEA]],
      ["c1", [KETTLE]],
      ["c2", [KETTLE]],
      ["d1", [TEA, KETTLE]],
      ["d2", [TEA]],
    ]),
    rules: DEFAULT_UTM_RULES,
    asOfDay: parseLocalDate("2025-12-31")!,
    timeZone: "UTC",
    windows: { purchase: 90, retention: 90 },
    predictionsPublished,
  });
}

const f2 = (row: { f2: { days: number; eligible: number; converted: number; stillOpen: number }[] }) =>
  row.f2.map((w) => `${w.days}: ${w.converted}/${w.eligible} (${w.stillOpen} open)`);

describe("acquisition by first-touch channel", () => {
  const report = handBuiltShop();

  it("groups first-time customers by the channel of their first order's first visit, in the page's channel order", () => {
    expect(report.byChannel.map((row) => [row.key, row.customers])).toEqual([
      ["organic-search", 2],
      ["messaging", 1],
      ["unknown", 1],
    ]);
    expect(report.all.customers).toBe(4);
  });

  it("counts F2 within 30/90/365 days only for customers whose window has elapsed", () => {
    const [organic, messaging, unknown] = report.byChannel;
    // a converted in 22 days, c in 16; c's 90-day window (from 15 Nov) is still open, nobody's 365-day window has elapsed
    expect(f2(organic!)).toEqual(["30: 2/2 (0 open)", "90: 1/1 (1 open)", "365: 0/0 (2 open)"]);
    expect(f2(messaging!)).toEqual(["30: 0/1 (0 open)", "90: 0/1 (0 open)", "365: 0/0 (1 open)"]);
    // d's second order came 122 days after the first
    expect(f2(unknown!)).toEqual(["30: 0/1 (0 open)", "90: 0/1 (0 open)", "365: 0/0 (1 open)"]);
    expect(f2(report.all)).toEqual(["30: 2/4 (0 open)", "90: 1/3 (1 open)", "365: 0/0 (4 open)"]);
  });

  it("sums net revenue within 90/180/365 days of the first order, first order included, for elapsed windows only", () => {
    const organic = report.byChannel[0]!;
    // a: 100 + 100 within 90 days, + 100 on day 142 within 180; c's windows are open
    expect(organic.revenue).toEqual([
      { days: 90, eligible: 1, stillOpen: 1, revenue: 200 },
      { days: 180, eligible: 1, stillOpen: 1, revenue: 300 },
      { days: 365, eligible: 0, stillOpen: 2, revenue: 0 },
    ]);
    // b paid 80 and got 20 back
    expect(report.byChannel[1]!.revenue[0]).toEqual({ days: 90, eligible: 1, stillOpen: 0, revenue: 60 });
  });

  it("shows the predicted 12-month value and today's segment mix of each channel's customers", () => {
    expect(report.byChannel.map((row) => row.predicted12m)).toEqual([
      { customers: 1, total: 500 },
      { customers: 1, total: 100 },
      { customers: 1, total: 300 },
    ]);
    expect(report.byChannel[0]!.segments).toEqual({ regular: 1, new: 1 });
    expect(report.all.segments).toEqual({ regular: 2, dormant: 1, new: 1 });
  });

  it("withholds the predicted value when the model check did not publish predictions", () => {
    expect(handBuiltShop(false).byChannel.map((row) => row.predicted12m)).toEqual([null, null, null]);
  });

  it("maps channels with the merchant's rules: a rule sending utm_source=line to referral moves b", () => {
    const report = buildAcquisitionReport({
      customers: [customer("b", [order("b1", "2025-03-01")])],
      journeys: new Map([["b1", journey(LINE, 3)]]),
      orderProducts: new Map(),
      rules: [{ field: "utm_source", value: "line", channel: "referral" }],
      asOfDay: parseLocalDate("2025-12-31")!,
      timeZone: "UTC",
      windows: { purchase: 90, retention: 90 },
      predictionsPublished: false,
    });
    expect(report.byChannel.map((row) => row.key)).toEqual(["referral"]);
    expect(report.withoutProducts).toBe(1);
  });
});

describe("acquisition by first-order product type and product", () => {
  const report = handBuiltShop();

  it("counts a customer once in each type and product of their first order", () => {
    expect(report.byProductType.map((row) => [row.key, row.customers, ...f2(row)])).toEqual([
      ["Tea", 3, "30: 1/3 (0 open)", "90: 1/3 (0 open)", "365: 0/0 (3 open)"],
      ["Ware", 2, "30: 1/2 (0 open)", "90: 0/1 (1 open)", "365: 0/0 (2 open)"],
    ]);
    expect(report.byProduct.map((row) => [row.key, row.customers])).toEqual([
      ["1", 3],
      ["3", 2],
    ]);
  });

  it("lists what the second order held after each first product", () => {
    expect(report.nextProducts[0]).toEqual({
      productId: "1",
      firstOrderCustomers: 3,
      secondOrderCustomers: 2,
      next: [
        { productId: "1", customers: 1, share: 0.5, repurchase: true },
        { productId: "2", customers: 1, share: 0.5, repurchase: false },
      ],
    });
  });
});

describe("the journey from the first order on, per channel", () => {
  const report = handBuiltShop();

  it("follows purchase → retention → advocacy with the journey map's windows, still-open windows left out", () => {
    const all = report.journeyByChannel.all;
    expect([all.purchase, all.retention, all.advocacy]).toEqual([4, 3, 1]);
    // 90-day F2: a converted, b and d did not, c is open
    expect(all.steps.purchase).toEqual({ reached: 4, eligible: 3, converted: 1 });
    // a reviewed 28 days after the second order; d's window elapsed without; c's second order is too recent
    expect(all.steps.retention).toEqual({ reached: 3, eligible: 2, converted: 1 });
    expect(report.journeyByChannel["organic-search"].steps.purchase).toEqual({ reached: 2, eligible: 1, converted: 1 });
    expect(report.journeyByChannel.email.purchase).toBe(0);
  });

  it("distributes first orders by days from the first visit", () => {
    expect(report.journeyByChannel.all.daysToConversion).toEqual({
      "0": 1,
      "1": 0,
      "2-3": 1,
      "4-7": 0,
      "8-14": 0,
      "15-30": 1,
      "31+": 0,
      unknown: 1,
    });
    expect([0, 1, 3, 7, 14, 30, 31, null, -1].map(daysBucket)).toEqual([
      "0",
      "1",
      "2-3",
      "4-7",
      "8-14",
      "15-30",
      "31+",
      "unknown",
      "unknown",
    ]);
  });
});
