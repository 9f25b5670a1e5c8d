// Dashboard numbers that need every customer of a shop, stored as one JSON row per shop and kind by
// the jobs that already read the whole shop (app/jobs/recompute-segments.server.ts), so a
// page view reads one row instead of scanning a quarter of a million.
import prisma from "../db.server";

export type AggregateKind = "segments" | "cohorts" | "thresholds" | "acquisition";

export interface StoredAggregate<T> {
  computedAt: Date;
  /** the newest SegmentTransition.id the value includes */
  transitionWatermark: number;
  value: T;
}

export async function saveShopAggregate<T>(
  shop: string,
  kind: AggregateKind,
  computedAt: Date,
  value: T,
  transitionWatermark = 0,
): Promise<void> {
  const data = { computedAt, transitionWatermark, value: JSON.stringify(value) };
  await prisma.shopAggregate.upsert({ where: { shop_kind: { shop, kind } }, create: { shop, kind, ...data }, update: data });
}

/** Read raw: every dashboard page view reads one (docs/performance.md, "Page loaders and Prisma's query compiler"). */
export async function loadShopAggregate<T>(shop: string, kind: AggregateKind): Promise<StoredAggregate<T> | null> {
  const [row] = await prisma.$queryRaw<{ computedAt: Date; transitionWatermark: number; value: string }[]>`
    SELECT "computedAt", "transitionWatermark", "value" FROM "ShopAggregate" WHERE "shop" = ${shop} AND "kind" = ${kind}`;
  return row ? { computedAt: row.computedAt, transitionWatermark: row.transitionWatermark, value: JSON.parse(row.value) as T } : null;
}

/** The id of the shop's newest transition (0 when none): what an aggregate computed now includes. */
export async function latestTransitionId(shop: string): Promise<number> {
  const row = await prisma.segmentTransition.findFirst({ where: { shop }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? 0;
}
