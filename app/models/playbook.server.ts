// Persistence of the playbook page: the shop's playbook, segment sizes, native segments and the
// customers needing care.
import prisma from "../db.server";
import { readPlaybook, type PlaybookEntry } from "../domain/journey/playbook";
import { LIFECYCLE_STAGES, type LifecycleStage } from "../domain/types";
import { countCustomersByStage } from "./customer.server";
import { listNativeSegments } from "./native-segment.server";

const NEEDS_CARE_LIMIT = 50;

export async function saveSegmentPlaybook(shop: string, segment: LifecycleStage, entry: PlaybookEntry): Promise<void> {
  // Read-modify-write in one transaction so two staff editing different segments keep both edits.
  await prisma.$transaction(async (tx) => {
    const row = await tx.shop.findUniqueOrThrow({ where: { shop }, select: { playbook: true } });
    const playbook = { ...readPlaybook(row.playbook), [segment]: entry };
    await tx.shop.update({ where: { shop }, data: { playbook: JSON.stringify(playbook) } });
  });
}

export interface SnapshotSize {
  stage: string;
  customers: number | bigint;
}

/**
 * Customers per segment: the latest daily snapshot (written after every full recompute), so the page
 * does not count a quarter of a million rows per view; before the first snapshot, a live count.
 */
export async function loadSegmentSizes(shop: string): Promise<Record<LifecycleStage, number>> {
  // One statement over the primary key (a findMany ordered by day with a limit costs several times more
  // in the query compiler than the read itself, on every page view).
  const rows = await prisma.$queryRaw<SnapshotSize[]>`
    SELECT "stage", "customers" FROM "SegmentSnapshot"
    WHERE "shop" = ${shop} AND "day" = (SELECT MAX("day") FROM "SegmentSnapshot" WHERE "shop" = ${shop})`;
  return segmentSizesOf(shop, rows);
}

/** The sizes of the latest snapshot's rows (read by the caller), or a live count when there is none. */
export async function segmentSizesOf(shop: string, rows: readonly SnapshotSize[]): Promise<Record<LifecycleStage, number>> {
  if (rows.length === 0) return countCustomersByStage(shop);
  const sizes = Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, 0])) as Record<LifecycleStage, number>;
  for (const row of rows) sizes[row.stage as LifecycleStage] = Number(row.customers);
  return sizes;
}

export interface NeedsCareCustomer {
  id: string;
  stage: LifecycleStage;
  ordersCount: number;
  lastOrderAt: string | null;
}

async function loadNeedsCare(shop: string): Promise<{ customers: NeedsCareCustomer[]; total: number }> {
  const [rows, total] = await Promise.all([
    prisma.customer.findMany({
      where: { shop, needsCare: true },
      select: { id: true, stage: true, ordersCount: true, lastOrderAt: true },
      orderBy: { lastOrderAt: "desc" },
      take: NEEDS_CARE_LIMIT,
    }),
    prisma.customer.count({ where: { shop, needsCare: true } }),
  ]);
  return {
    customers: rows.map((r) => ({
      id: r.id,
      stage: r.stage as LifecycleStage,
      ordersCount: r.ordersCount,
      lastOrderAt: r.lastOrderAt?.toISOString() ?? null,
    })),
    total,
  };
}

export async function loadPlaybookPage(shop: string) {
  const [shopRow, sizes, nativeSegments, needsCare] = await Promise.all([
    prisma.shop.findUnique({ where: { shop }, select: { playbook: true, currencyCode: true, ianaTimezone: true } }),
    loadSegmentSizes(shop),
    listNativeSegments(shop),
    loadNeedsCare(shop),
  ]);
  return {
    playbook: readPlaybook(shopRow?.playbook ?? null),
    currencyCode: shopRow?.currencyCode ?? "USD",
    timeZone: shopRow?.ianaTimezone ?? "UTC",
    sizes,
    nativeSegments: Object.fromEntries(nativeSegments.map((s) => [s.stage, s.segmentId])) as Partial<Record<LifecycleStage, string>>,
    needsCare,
  };
}
