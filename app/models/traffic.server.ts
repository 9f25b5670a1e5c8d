// Persistence of online store sessions by day and channel (TrafficDay) and of whether the shop's sessions
// can be read at all (TrafficSync): docs/touchpoints.md §7. Counts only.
import { Prisma } from "@prisma/client";
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

const SESSION_COLUMNS = ["sessions", "cartSessions", "checkoutSessions"] as const;

type Count = bigint | number | string | null;

/**
 * Sessions of the period [from, to) and of the period before [previousFrom, from), by channel and in all,
 * with what is known of the shop's sessions: one statement (the journey home reads it on every view;
 * docs/performance.md, "Page loaders and Prisma's query compiler"). The sums read TrafficDay_channel_totals_idx
 * alone, channel after channel, instead of sorting a period's rows by channel: `+"day"` keeps SQLite's
 * planner (which has no statistics) from choosing the primary key's day range over it; the previous
 * period is the rows' total less the period's.
 */
export async function loadTrafficTotals(
  shop: string,
  { previousFrom, from, to }: { previousFrom: EpochDay; from: EpochDay; to: EpochDay },
): Promise<TrafficStatus> {
  const sums = Prisma.join(
    SESSION_COLUMNS.flatMap((c) => [
      Prisma.sql`SUM(CASE WHEN "day" >= ${from} THEN ${Prisma.raw(`"${c}"`)} ELSE 0 END) AS ${Prisma.raw(`"${c}"`)}`,
      Prisma.sql`SUM(${Prisma.raw(`"${c}"`)}) AS ${Prisma.raw(`"both.${c}"`)}`,
    ]),
  );
  const rows = await prisma.$queryRaw<
    ({ status: string; checkedAt: Date; firstDay: number | null; lastDay: number | null; channel: string | null } & Record<string, Count>)[]
  >`
    SELECT "s"."status", "s"."checkedAt", "s"."firstDay", "s"."lastDay", "t".* FROM "TrafficSync" AS "s"
    LEFT JOIN (SELECT "channel", ${sums} FROM "TrafficDay" WHERE "shop" = ${shop} AND +"day" >= ${previousFrom} AND +"day" < ${to} GROUP BY "channel") AS "t"
      ON "s"."status" = 'available'
    WHERE "s"."shop" = ${shop}`;
  const sync = rows[0];
  if (!sync) return { status: "not-read" };
  if (sync.status !== "available") return { status: "denied", checkedAt: sync.checkedAt.toISOString() };
  const countsOf = (row: Record<string, Count>): SessionCounts =>
    Object.fromEntries(SESSION_COLUMNS.map((c) => [c, Number(row[c] ?? 0)])) as unknown as SessionCounts;
  const previousOf = (row: Record<string, Count>): SessionCounts =>
    Object.fromEntries(SESSION_COLUMNS.map((c) => [c, Number(row[`both.${c}`] ?? 0) - Number(row[c] ?? 0)])) as unknown as SessionCounts;
  const add = (a: SessionCounts, b: SessionCounts): SessionCounts => ({
    sessions: a.sessions + b.sessions,
    cartSessions: a.cartSessions + b.cartSessions,
    checkoutSessions: a.checkoutSessions + b.checkoutSessions,
  });
  const byChannel = new Map<Channel, SessionCounts>();
  let previous = EMPTY;
  for (const row of rows) {
    if (row.channel === null) continue;
    // The previous period counts every stored row; the period and its channels only the channels shown.
    previous = add(previous, previousOf(row));
    if ((CHANNELS as readonly string[]).includes(row.channel)) byChannel.set(row.channel as Channel, countsOf(row));
  }
  return {
    status: "available",
    checkedAt: sync.checkedAt.toISOString(),
    firstDay: sync.firstDay!,
    lastDay: sync.lastDay!,
    current: [...byChannel.values()].reduce(add, EMPTY),
    previous,
    byChannel: CHANNELS.filter((c) => byChannel.has(c)).map((channel) => ({ channel, ...byChannel.get(channel)! })),
  };
}
