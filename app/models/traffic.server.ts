// Persistence of online store sessions by day and channel (TrafficDay) and of whether the shop's sessions
// can be read at all (TrafficSync): docs/touchpoints.md §7. Counts only.
import prisma from "../db.server";
import type { EpochDay } from "../domain/calendar";
import { CHANNELS, type Channel } from "../domain/touchpoints/channels";
import type { TrafficDayCounts } from "../domain/touchpoints/session-channels";
import type { SessionCounts, TrafficStatus } from "../domain/journey/traffic-measure";

export interface TrafficSyncState {
  status: "available" | "denied";
  checkedAt: Date;
  firstDay: EpochDay | null;
  lastDay: EpochDay | null;
}

export async function loadTrafficSync(shop: string): Promise<TrafficSyncState | null> {
  const row = await prisma.trafficSync.findUnique({ where: { shop } });
  if (!row) return null;
  return {
    status: row.status === "available" ? "available" : "denied",
    checkedAt: row.checkedAt,
    firstDay: row.firstDay,
    lastDay: row.lastDay,
  };
}

/**
 * Replaces the days [from, to] with what was read (a day read again replaces its rows, so reading the
 * same days twice leaves the same rows) and widens the days known to be read.
 */
export async function replaceTrafficDays(
  shop: string,
  { from, to }: { from: EpochDay; to: EpochDay },
  rows: readonly TrafficDayCounts[],
  checkedAt: Date,
): Promise<void> {
  const previous = await prisma.trafficSync.findUnique({ where: { shop } });
  const known = previous?.status === "available" && previous.firstDay !== null && previous.lastDay !== null;
  const firstDay = known && previous.firstDay! <= to + 1 ? Math.min(previous.firstDay!, from) : from;
  const lastDay = known && previous.lastDay! >= from - 1 ? Math.max(previous.lastDay!, to) : to;
  await prisma.$transaction([
    prisma.trafficDay.deleteMany({ where: { shop, day: { gte: from, lte: to } } }),
    prisma.trafficDay.createMany({ data: rows.filter((r) => r.day >= from && r.day <= to).map((r) => ({ shop, ...r })) }),
    prisma.trafficSync.upsert({
      where: { shop },
      create: { shop, status: "available", checkedAt, firstDay, lastDay },
      update: { status: "available", checkedAt, firstDay, lastDay },
    }),
  ]);
}

/** Shopify denied the sessions (no read_reports or no Level 2 protected customer data): remembered, rows kept. */
export async function markTrafficDenied(shop: string, checkedAt: Date): Promise<void> {
  await prisma.trafficSync.upsert({
    where: { shop },
    create: { shop, status: "denied", checkedAt },
    update: { status: "denied", checkedAt },
  });
}

const EMPTY: SessionCounts = { sessions: 0, cartSessions: 0, checkoutSessions: 0 };

/** Sessions of the period [from, to) and of the period before [previousFrom, from), by channel and in all. */
export async function loadTrafficTotals(
  shop: string,
  { previousFrom, from, to }: { previousFrom: EpochDay; from: EpochDay; to: EpochDay },
): Promise<TrafficStatus> {
  const sync = await loadTrafficSync(shop);
  if (!sync) return { status: "not-read" };
  if (sync.status === "denied") return { status: "denied", checkedAt: sync.checkedAt.toISOString() };
  const grouped = await prisma.trafficDay.groupBy({
    by: ["channel"],
    where: { shop, day: { gte: from, lt: to } },
    _sum: { sessions: true, cartSessions: true, checkoutSessions: true },
  });
  const previous = await prisma.trafficDay.aggregate({
    where: { shop, day: { gte: previousFrom, lt: from } },
    _sum: { sessions: true, cartSessions: true, checkoutSessions: true },
  });
  const byChannel = new Map<Channel, SessionCounts>();
  for (const g of grouped) {
    if (!(CHANNELS as readonly string[]).includes(g.channel)) continue;
    byChannel.set(g.channel as Channel, {
      sessions: g._sum.sessions ?? 0,
      cartSessions: g._sum.cartSessions ?? 0,
      checkoutSessions: g._sum.checkoutSessions ?? 0,
    });
  }
  const current = [...byChannel.values()].reduce(
    (a, b) => ({
      sessions: a.sessions + b.sessions,
      cartSessions: a.cartSessions + b.cartSessions,
      checkoutSessions: a.checkoutSessions + b.checkoutSessions,
    }),
    EMPTY,
  );
  return {
    status: "available",
    checkedAt: sync.checkedAt.toISOString(),
    firstDay: sync.firstDay!,
    lastDay: sync.lastDay!,
    current,
    previous: {
      sessions: previous._sum.sessions ?? 0,
      cartSessions: previous._sum.cartSessions ?? 0,
      checkoutSessions: previous._sum.checkoutSessions ?? 0,
    },
    byChannel: CHANNELS.filter((c) => byChannel.has(c)).map((channel) => ({ channel, ...byChannel.get(channel)! })),
  };
}
