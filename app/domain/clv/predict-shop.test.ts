import { beforeAll, describe, expect, it } from "vitest";
import { CDNOW_HOLDOUT_END, readCdnowTransactions } from "../../../tests/helpers/datasets";
import type { CustomerHistory, OrderFact } from "../types";
import { AT_RISK_P_ALIVE_THRESHOLD, isAtRisk, predictShop, type ShopFitSummary, type ShopPredictions } from "./predict-shop";

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
const asOf = CDNOW_HOLDOUT_END;

describe("predictShop on the CDNOW sample (2,357 customers, 78 weeks to 1998-06-30)", () => {
  let histories: CustomerHistory[];
  let result: ShopPredictions;
  beforeAll(() => {
    histories = cdnowHistories();
    result = predictShop(histories, { asOf, timeZone: "UTC" });
  });

  it("checks the candidates on a 39-week holdout (FHL 2005's split), publishes and shows P(alive)", () => {
    const fit = expectOk(result.fit);
    const { check } = fit;
    expect(check.holdoutToDay - check.calibrationToDay).toBe(273);
    expect(check.customers).toBe(2357);
    expect(check.repeatBuyers).toBe(946);
    expect(check.candidates.map((c) => c.model)).toEqual(["bg-nbd", "mbg-nbd", "pareto-nbd", "nbd"]);
    expect(check.publish).toBe(true);
    // BG/NBD's P(alive) ranks who bought again worse than chance (one-time buyers are "alive" by construction).
    const bg = check.candidates.find((c) => c.model === "bg-nbd");
    expect(bg?.ok && bg.aucPAlive).toBeLessThan(0.5);
    expect(check.chosen).not.toBe("bg-nbd");
    expect(fit.showPAlive).toBe(true);
    expect(fit.purchaseModel.model).toBe(check.chosen);
    expect(fit.customers).toBe(2357);
  });

  it("scores every buyer: P(alive) in (0, 1], expected purchases and CLV ≥ 0, spend = purchases × spend per day", () => {
    expect(result.perCustomer.size).toBe(2357);
    for (const p of result.perCustomer.values()) {
      expect(p.pAlive).toBeGreaterThan(0);
      expect(p.pAlive).toBeLessThanOrEqual(1);
      expect(p.expectedPurchases365).toBeGreaterThanOrEqual(0);
      expect(p.expectedOrders).toBeGreaterThanOrEqual(p.expectedPurchases365);
      expect(p.predictedClv12m).toBeGreaterThanOrEqual(0);
      expect(p.predictedClv12m).toBeLessThanOrEqual(p.expectedSpend + 1e-9);
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
  it("withholds the predictions with the counts, and no per-customer numbers", () => {
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
    expect(result.fit).toMatchObject({ ok: false, reason: "withheld-by-holdout-check", customers: 30, repeatBuyers: 10 });
    expect(result.fit.check?.withheld).toEqual(["no-model-fitted"]);
    expect(result.fit.check?.candidates.every((c) => !c.ok && /customers of whom \d+ bought again/.test(c.detail))).toBe(true);
    expect(result.perCustomer.size).toBe(0);
  });

  it("an empty shop has no history to check", () => {
    const result = predictShop([], { asOf: new Date("2026-06-01T00:00:00Z"), timeZone: "UTC" });
    expect(result.fit).toMatchObject({ ok: false, reason: "withheld-by-holdout-check", customers: 0, repeatBuyers: 0 });
    expect(result.fit.check?.withheld).toEqual(["history-too-short"]);
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
