// The journey home's sessions of a period and of the period before, by channel and in all, summed by the
// database from one shop's stored days: the period counts the channels shown, the period before every
// stored row, and nothing outside [previousFrom, to) or of another shop.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loadTrafficTotals, markTrafficDenied } from "../../app/models/traffic.server";

const A = "a.myshopify.com";
const checkedAt = new Date("2026-12-01T00:00:00Z");
const period = { previousFrom: 100, from: 110, to: 120 };

beforeAll(async () => {
  await prisma.trafficSync.create({ data: { shop: A, status: "available", checkedAt, firstDay: 90, lastDay: 125 } });
  const day = (shop: string, d: number, channel: string, sessions: number, cartSessions: number, checkoutSessions: number) => ({
    shop,
    day: d,
    channel,
    sessions,
    cartSessions,
    checkoutSessions,
  });
  await prisma.trafficDay.createMany({
    data: [
      day(A, 99, "direct", 1000, 1000, 1000), // before the previous period
      day(A, 100, "direct", 10, 4, 2), // previous period
      day(A, 109, "social", 20, 5, 1),
      day(A, 105, "legacy-channel", 7, 1, 0), // a channel no longer shown: counted in the previous period only
      day(A, 110, "direct", 30, 6, 3), // the period
      day(A, 119, "direct", 40, 8, 4),
      day(A, 115, "email", 5, 2, 1),
      day(A, 112, "legacy-channel", 9, 9, 9),
      day(A, 120, "email", 2000, 2000, 2000), // after the period
      day("b.myshopify.com", 111, "direct", 500, 500, 500),
    ],
  });
  await markTrafficDenied("b.myshopify.com", checkedAt);
});

describe("sessions of a period and the period before", () => {
  it("sums each shown channel in the period and every stored row in the period before", async () => {
    expect(await loadTrafficTotals(A, period)).toEqual({
      status: "available",
      checkedAt: checkedAt.toISOString(),
      firstDay: 90,
      lastDay: 125,
      current: { sessions: 75, cartSessions: 16, checkoutSessions: 8 },
      previous: { sessions: 37, cartSessions: 10, checkoutSessions: 3 },
      byChannel: [
        { channel: "social", sessions: 0, cartSessions: 0, checkoutSessions: 0 },
        { channel: "email", sessions: 5, cartSessions: 2, checkoutSessions: 1 },
        { channel: "direct", sessions: 70, cartSessions: 14, checkoutSessions: 7 },
      ],
    });
  });

  it("says when the shop's sessions were denied or never read", async () => {
    expect(await loadTrafficTotals("b.myshopify.com", period)).toEqual({ status: "denied", checkedAt: checkedAt.toISOString() });
    expect(await loadTrafficTotals("c.myshopify.com", period)).toEqual({ status: "not-read" });
  });
});
