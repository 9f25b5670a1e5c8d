import prisma from "../db.server";
import type { LifecycleStage } from "../domain/types";

export interface StoredNativeSegment {
  stage: LifecycleStage;
  segmentId: string;
  query: string;
}

export async function findNativeSegment(shop: string, stage: LifecycleStage): Promise<StoredNativeSegment | null> {
  const row = await prisma.nativeSegment.findUnique({ where: { shop_stage: { shop, stage } } });
  return row ? { stage, segmentId: row.segmentId, query: row.query } : null;
}

export async function listNativeSegments(shop: string): Promise<StoredNativeSegment[]> {
  const rows = await prisma.nativeSegment.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ stage: r.stage as LifecycleStage, segmentId: r.segmentId, query: r.query }));
}

export async function saveNativeSegment(shop: string, segment: StoredNativeSegment): Promise<void> {
  await prisma.nativeSegment.create({ data: { shop, ...segment } });
}

export async function updateNativeSegmentQuery(shop: string, stage: LifecycleStage, query: string): Promise<void> {
  await prisma.nativeSegment.update({ where: { shop_stage: { shop, stage } }, data: { query } });
}
