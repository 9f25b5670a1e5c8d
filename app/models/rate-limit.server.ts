// Attempts counted by the storefront rate limiters (app/storefront/rate-limiter.server.ts).
import prisma from "../db.server";

/**
 * Record one attempt and return the key's attempts within `windowMs` up to `at` (this one included),
 * oldest first, at most the newest `keep`. Each write is committed before the count, so of two
 * processes counting at once the later one sees both attempts: a limit is never exceeded.
 */
export async function recordRateLimitAttempt({
  limiter,
  key,
  at,
  windowMs,
  keep,
}: {
  limiter: string;
  key: string;
  at: Date;
  windowMs: number;
  keep: number;
}): Promise<number[]> {
  const since = new Date(at.getTime() - windowMs);
  await prisma.rateLimitHit.create({ data: { limiter, key, at } });
  // Attempts out of the window are of no use to any key: the table holds one window's attempts.
  await prisma.rateLimitHit.deleteMany({ where: { limiter, at: { lte: since } } });
  const recent = await prisma.rateLimitHit.findMany({
    where: { limiter, key, at: { gt: since, lte: at } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { id: true, at: true },
  });
  // Under a flood only the newest `keep` decide: the rest go, so a flood cannot grow the table.
  if (recent.length > keep) await prisma.rateLimitHit.deleteMany({ where: { id: { in: recent.slice(keep).map((r) => r.id) } } });
  return recent
    .slice(0, keep)
    .map((r) => r.at.getTime())
    .reverse();
}
