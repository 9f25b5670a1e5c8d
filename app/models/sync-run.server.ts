import prisma from "../db.server";
import type { WriteStep } from "./upsert-rows.server";

// "records": customers, orders and recent orders' products are read at once, each from its own bulk
// operation.
export type SyncPhase = "records" | "segments" | "tags" | "done";

export interface SyncProgress {
  phase?: SyncPhase;
  customersTotal?: number | null;
  ordersTotal?: number | null;
  customersRead?: number;
  ordersRead?: number;
  tagsWritten?: number;
  customersOperationId?: string | null;
  customersLinesApplied?: number;
  customersReadAt?: Date | null;
  ordersOperationId?: string | null;
  ordersLinesApplied?: number;
  ordersReadAt?: Date | null;
  orderLinesSince?: Date;
  orderLinesOperationId?: string | null;
  orderLinesLinesApplied?: number;
  orderLinesReadAt?: Date | null;
}

export type SyncRunRow = Awaited<ReturnType<typeof prisma.syncRun.findFirstOrThrow>>;

/** The shop's unfinished run (to resume from its checkpoint), or a new one. */
export async function startOrResumeSyncRun(shop: string, kind: string): Promise<SyncRunRow> {
  const running = await prisma.syncRun.findFirst({
    where: { shop, status: "running" },
    orderBy: { startedAt: "desc" },
  });
  if (running) return running;
  return prisma.syncRun.create({ data: { shop, kind, status: "running", phase: "records" } });
}

export async function saveSyncProgress(id: number, progress: SyncProgress): Promise<void> {
  await prisma.syncRun.update({ where: { id }, data: { ...progress, heartbeatAt: new Date() } });
}

/** saveSyncProgress as a write step: a batch's rows and its checkpoint commit together. */
export function syncProgressUpdate(id: number, progress: SyncProgress): WriteStep {
  return { update: { table: "SyncRun", id, set: { ...progress, heartbeatAt: new Date() } } };
}

export async function finishSyncRun(id: number, at: Date): Promise<void> {
  await prisma.syncRun.update({
    where: { id },
    data: { status: "completed", phase: "done", finishedAt: at },
  });
}

export async function failSyncRun(id: number, error: string, at: Date): Promise<void> {
  await prisma.syncRun.update({ where: { id }, data: { status: "failed", error, finishedAt: at } });
}

/**
 * From when on every order's products are stored: the earliest order-lines window of the shop's
 * completed syncs (webhooks store every later order's). Null: no window — all of them (a sync
 * before windows existed) or no sync yet.
 */
export async function orderLinesKnownSince(shop: string): Promise<Date | null> {
  const earliest = await prisma.syncRun.findFirst({
    where: { shop, status: "completed", orderLinesSince: { not: null } },
    orderBy: { orderLinesSince: "asc" },
    select: { orderLinesSince: true },
  });
  return earliest?.orderLinesSince ?? null;
}

/** Read raw, as page loaders' reads are (docs/performance.md, "Page loaders and Prisma's query compiler"). */
export async function latestSyncRun(shop: string): Promise<SyncRunRow | null> {
  const [run] = await prisma.$queryRaw<SyncRunRow[]>`SELECT * FROM "SyncRun" WHERE "shop" = ${shop} ORDER BY "id" DESC LIMIT 1`;
  return run ?? null;
}

/**
 * Whether incremental changes (webhooks, reconciliation) may be applied: a sync has completed, so
 * there are rows to change, and none is running, so they are not overwritten by an older read.
 */
export async function isSyncSettled(shop: string): Promise<boolean> {
  const [completed, running] = await Promise.all([
    prisma.syncRun.count({ where: { shop, status: "completed" } }),
    prisma.syncRun.count({ where: { shop, status: "running" } }),
  ]);
  return completed > 0 && running === 0;
}
