// Segment sizes once per shop-local day (SegmentSnapshot): written after every full recompute and the
// daily refresh; the last write of a day wins. The segments-over-time chart reads them.
import prisma from "../db.server";
import { LIFECYCLE_STAGES, type LifecycleStage } from "../domain/types";

export interface SegmentSnapshotDay {
  /** YYYY-MM-DD in the shop's time zone */
  day: string;
  customers: Record<LifecycleStage, number>;
}

export async function saveSegmentSnapshot(shop: string, day: string, counts: Record<LifecycleStage, number>): Promise<void> {
  await prisma.$transaction(
    LIFECYCLE_STAGES.map((stage) =>
      prisma.segmentSnapshot.upsert({
        where: { shop_day_stage: { shop, day, stage } },
        create: { shop, day, stage, customers: counts[stage] },
        update: { customers: counts[stage] },
      }),
    ),
  );
}

/** The shop's snapshots from `fromDay` (inclusive, YYYY-MM-DD) on, oldest first. */
export async function loadSegmentSnapshots(shop: string, fromDay = "0000-00-00"): Promise<SegmentSnapshotDay[]> {
  const rows = await prisma.segmentSnapshot.findMany({ where: { shop, day: { gte: fromDay } }, orderBy: { day: "asc" } });
  const byDay = new Map<string, SegmentSnapshotDay>();
  for (const row of rows) {
    let entry = byDay.get(row.day);
    if (!entry) {
      entry = { day: row.day, customers: { prospect: 0, new: 0, regular: 0, vip: 0, dormant: 0, churned: 0 } };
      byDay.set(row.day, entry);
    }
    entry.customers[row.stage as LifecycleStage] = row.customers;
  }
  return [...byDay.values()];
}
