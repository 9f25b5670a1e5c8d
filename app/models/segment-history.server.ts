// Segment sizes before install (reconstructed from orders; see app/domain/segment-history.ts) are
// stored as SegmentSnapshot rows for days before the shop's first real snapshot.
import prisma from "../db.server";
import type { DailySizes } from "../domain/segment-history";
import { LIFECYCLE_STAGES } from "../domain/types";

/** Whether the shop has any snapshot before a day (i.e. its past was reconstructed already). */
export async function hasSnapshotBefore(shop: string, day: string): Promise<boolean> {
  return (await prisma.segmentSnapshot.findFirst({ where: { shop, day: { lt: day } }, select: { day: true } })) !== null;
}

/**
 * When Tsunagu first classified the shop's customers (the first sync, right after install): sizes
 * before that instant's day are reconstructed. The first transition says it, in the app's own clock.
 */
export async function firstClassifiedAt(shop: string): Promise<Date | null> {
  const first = await prisma.segmentTransition.findFirst({ where: { shop }, orderBy: { at: "asc" }, select: { at: true } });
  return first?.at ?? null;
}

/** When the shop's earliest order we hold was processed, or null. */
export async function earliestOrderAt(shop: string): Promise<Date | null> {
  const first = await prisma.order.findFirst({ where: { shop }, orderBy: { processedAt: "asc" }, select: { processedAt: true } });
  return first?.processedAt ?? null;
}

/** Writes the sizes of days that have no row yet (a real snapshot always wins). Returns the days written. */
export async function saveReconstructedSizes(shop: string, sizes: readonly DailySizes[]): Promise<number> {
  if (sizes.length === 0) return 0;
  const taken = new Set(
    (await prisma.segmentSnapshot.findMany({ where: { shop, day: { in: sizes.map((s) => s.day) } }, select: { day: true } })).map(
      (r) => r.day,
    ),
  );
  const fresh = sizes.filter((s) => !taken.has(s.day));
  await prisma.segmentSnapshot.createMany({
    data: fresh.flatMap((s) => LIFECYCLE_STAGES.map((stage) => ({ shop, day: s.day, stage, customers: s.counts[stage] }))),
  });
  return fresh.length;
}
