import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syncProgress } from "./sync-progress";

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, seconds)).toISOString();

describe("syncProgress", () => {
  it("a sync that read 250,000 of 1,250,000 records in 10 s has 40 s left at 20 %", () => {
    expect(
      syncProgress({
        customersRead: 250_000,
        customersTotal: 250_000,
        ordersRead: 0,
        ordersTotal: 1_000_000,
        startedAt: at(0),
        heartbeatAt: at(10),
      }),
    ).toEqual({ read: 250_000, total: 1_250_000, percent: 20, etaSeconds: 40 });
  });

  it("has no total and no time left before Shopify's counts are in", () => {
    expect(
      syncProgress({ customersRead: 0, customersTotal: null, ordersRead: 0, ordersTotal: null, startedAt: at(0), heartbeatAt: at(1) }),
    ).toEqual({
      read: 0,
      total: null,
      percent: 0,
      etaSeconds: null,
    });
  });

  it("stays below 100 % while running and never predicts negative time", () => {
    fc.assert(
      fc.property(fc.nat(1e6), fc.nat(1e6), fc.nat(1e6), fc.nat(1e6), fc.nat(3600), (cr, ct, or, ot, s) => {
        const p = syncProgress({
          customersRead: cr,
          customersTotal: ct,
          ordersRead: or,
          ordersTotal: ot,
          startedAt: at(0),
          heartbeatAt: at(s),
        });
        return p.percent >= 0 && p.percent <= 99 && (p.etaSeconds === null || p.etaSeconds >= 0);
      }),
    );
  });
});
