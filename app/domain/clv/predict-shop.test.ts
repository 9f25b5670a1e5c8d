import { beforeAll, describe, expect, it } from "vitest";
import { CDNOW_CALIBRATION_END, readCdnowTransactions } from "../../../tests/helpers/datasets";
import type { CustomerHistory, OrderFact } from "../types";
import { expectedPurchases, probabilityAlive } from "./bg-nbd";
import { customerLifetimeValue } from "./lifetime-value";
import {
  AT_RISK_P_ALIVE_THRESHOLD,
  isAtRisk,
  predictShop,
  type ShopFitSummary,
  type ShopPredictions,
} from "./predict-shop";
import { summarizeForClv } from "./summarize-for-clv";

let orderSeq = 0;
function order(customerId: string, at: Date, total: number, extra: Partial<OrderFact> = {}): OrderFact {
  orderSeq += 1;
  return {
    id: `gid://shopify/Order/${orderSeq}`,
    customerId,
    processedAt: at,
    totalPrice: total,
    totalRefunded: 0,
    cancelled: false,
    test: false,
    financialStatus: "PAID",
    ...extra,
  };
}

/** The CDNOW sample as a shop's customer histories (every order qualifying, as published). */
function cdnowHistories(): CustomerHistory[] {
  const byCustomer = new Map<string, CustomerHistory>();
  for (const t of readCdnowTransactions("sample")) {
    let history = byCustomer.get(t.customerId);
    if (!history) {
      history = { customerId: t.customerId, createdAt: t.at, orders: [] };
      byCustomer.set(t.customerId, history);
    }
    history.orders.push(order(t.customerId, t.at, t.amount));
  }
  return [...byCustomer.values()];
}

function expectOk(fit: ShopFitSummary): Extract<ShopFitSummary, { ok: true }> {
  if (!fit.ok) throw new Error(`fit failed: ${fit.reason}: ${fit.detail}`);
  return fit;
}

const DAY = 86_400_000;
const asOf = CDNOW_CALIBRATION_END;

describe("predictShop on the CDNOW sample (2,357 customers, calibration through 1997-09-30)", () => {
  let histories: CustomerHistory[];
  let result: ShopPredictions;
  beforeAll(() => {
    histories = cdnowHistories();
    result = predictShop(histories, { asOf, timeZone: "UTC" });
  });

  it("reproduces the published BG/NBD (FHL 2005) and Gamma-Gamma (Fader & Hardie 2013) parameters", () => {
    const fit = expectOk(result.fit);
    expect(fit.bgNbd.model).toBe("bg-nbd");
    expect(fit.bgNbd.r).toBeCloseTo(0.243, 3);
    expect(fit.bgNbd.alpha).toBeCloseTo(4.414, 3);
    expect(fit.bgNbd.a).toBeCloseTo(0.793, 3);
    expect(fit.bgNbd.b).toBeCloseTo(2.426, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.gammaGamma.p).toBeCloseTo(6.25, 2);
    expect(fit.gammaGamma.q).toBeCloseTo(3.74, 2);
    expect(fit.gammaGamma.gamma).toBeCloseTo(15.44, 2);
    expect(fit.customers).toBe(2357);
    expect(fit.repeatBuyers).toBe(946);
  });

  it("scores every customer who had bought, consistently with the model functions", () => {
    const fit = expectOk(result.fit);
    expect(result.perCustomer.size).toBe(2357);
    // Sample customer 1: x = 2, t_x = 30.43, T = 38.86 weeks.
    const summary = summarizeForClv(readCdnowTransactions("sample"), { calibrationEnd: asOf }).find(
      (s) => s.customerId === "1",
    )!;
    expect(summary.x).toBe(2);
    const one = result.perCustomer.get("1")!;
    expect(one.pAlive).toBeCloseTo(probabilityAlive(fit.bgNbd, summary), 12);
    expect(one.expectedPurchases365).toBeCloseTo(expectedPurchases(fit.bgNbd, summary, 365 / 7), 10);
    expect(one.predictedClv12m).toBeCloseTo(
      customerLifetimeValue(fit.bgNbd, fit.gammaGamma, summary, { months: 12, periodDays: 7 }),
      8,
    );
    // FHL (2005): E[Y(39 weeks)] for this customer is 1.226; a year ahead is more, but not 365/273 times more.
    expect(expectedPurchases(fit.bgNbd, summary, 39)).toBeCloseTo(1.226, 2);
    expect(one.expectedPurchases365).toBeGreaterThan(1.226);
    expect(one.expectedPurchases365).toBeLessThan(1.226 * (365 / 273));
    for (const p of result.perCustomer.values()) {
      expect(p.pAlive).toBeGreaterThan(0);
      expect(p.pAlive).toBeLessThanOrEqual(1);
      expect(p.expectedPurchases365).toBeGreaterThanOrEqual(0);
      expect(p.predictedClv12m).toBeGreaterThanOrEqual(0);
    }
  });

  it("uses qualifying orders only, and none after asOf", () => {
    const noisy = histories.map((h) => ({
      ...h,
      orders: [
        ...h.orders,
        order(h.customerId, new Date(asOf.getTime() - 3 * DAY), 50, { test: true }),
        order(h.customerId, new Date(asOf.getTime() - 5 * DAY), 50, { cancelled: true }),
        order(h.customerId, new Date(asOf.getTime() - 7 * DAY), 50, { financialStatus: "VOIDED" }),
        order(h.customerId, new Date(asOf.getTime() - 9 * DAY), 50, { totalRefunded: 50 }),
        order(h.customerId, new Date(asOf.getTime() + DAY), 50),
        order(null as unknown as string, new Date(asOf.getTime() - 11 * DAY), 50, { customerId: null }),
      ],
    }));
    const again = predictShop(noisy, { asOf, timeZone: "UTC" });
    expect(again.fit).toEqual(result.fit);
    expect(again.perCustomer).toEqual(result.perCustomer);
  });
});

describe("predictShop when the shop is too small", () => {
  it("returns ok:false not-enough-repeat-buyers with the counts, and no per-customer numbers", () => {
    const asOfSmall = new Date("2026-06-01T00:00:00Z");
    const histories: CustomerHistory[] = Array.from({ length: 30 }, (_, i) => {
      const id = `gid://shopify/Customer/${i + 1}`;
      const first = new Date(asOfSmall.getTime() - (100 + i) * DAY);
      const orders = [order(id, first, 40)];
      if (i % 3 === 0) orders.push(order(id, new Date(first.getTime() + 20 * DAY), 60));
      return { customerId: id, createdAt: first, orders };
    });
    histories.push({ customerId: "gid://shopify/Customer/prospect", createdAt: asOfSmall, orders: [] });
    const result = predictShop(histories, { asOf: asOfSmall, timeZone: "Asia/Tokyo" });
    expect(result.fit).toMatchObject({ ok: false, reason: "not-enough-repeat-buyers", customers: 30, repeatBuyers: 10 });
    expect(!result.fit.ok && result.fit.detail).toMatch(/^BG\/NBD: 30 customers of whom 10 bought again/);
    expect(result.perCustomer.size).toBe(0);
  });

  it("an empty shop fails the same way", () => {
    const result = predictShop([], { asOf: new Date("2026-06-01T00:00:00Z"), timeZone: "UTC" });
    expect(result.fit).toMatchObject({ ok: false, reason: "not-enough-repeat-buyers", customers: 0, repeatBuyers: 0 });
    expect(result.perCustomer.size).toBe(0);
  });
});

describe("isAtRisk", () => {
  it("flags only active stages with P(alive) below the threshold", () => {
    expect(AT_RISK_P_ALIVE_THRESHOLD).toBe(0.5);
    expect(isAtRisk("regular", 0.49)).toBe(true);
    expect(isAtRisk("vip", 0.1)).toBe(true);
    expect(isAtRisk("new", 0.2)).toBe(true);
    expect(isAtRisk("regular", 0.5)).toBe(false);
    expect(isAtRisk("dormant", 0.1)).toBe(false);
    expect(isAtRisk("churned", 0.1)).toBe(false);
    expect(isAtRisk("prospect", 0.1)).toBe(false);
    expect(isAtRisk("vip", null)).toBe(false);
  });
});
