import prisma from "../db.server";

export type SyncPhase = "customers" | "orders" | "segments" | "tags" | "done";

export interface SyncProgress {
  phase?: SyncPhase;
  cursor?: string | null;
  customersTotal?: number | null;
  ordersTotal?: number | null;
  customersRead?: number;
  ordersRead?: number;
  tagsWritten?: number;
}

export type SyncRunRow = Awaited<ReturnType<typeof prisma.syncRun.findFirstOrThrow>>;

/** The shop's unfinished run (to resume from its checkpoint), or a new one. */
export async function startOrResumeSyncRun(shop: string, kind: string): Promise<SyncRunRow> {
  const running = await prisma.syncRun.findFirst({
    where: { shop, status: "running" },
    orderBy: { startedAt: "desc" },
  });
  if (running) return running;
  return prisma.syncRun.create({ data: { shop, kind, status: "running" } });
}

export async function saveSyncProgress(id: number, progress: SyncProgress): Promise<void> {
  await prisma.syncRun.update({ where: { id }, data: { ...progress, heartbeatAt: new Date() } });
}

export async function finishSyncRun(id: number, at: Date): Promise<void> {
  await prisma.syncRun.update({
    where: { id },
    data: { status: "completed", phase: "done", cursor: null, finishedAt: at },
  });
}

export async function failSyncRun(id: number, error: string, at: Date): Promise<void> {
  await prisma.syncRun.update({ where: { id }, data: { status: "failed", error, finishedAt: at } });
}

export async function latestSyncRun(shop: string): Promise<SyncRunRow | null> {
  return prisma.syncRun.findFirst({ where: { shop }, orderBy: { id: "desc" } });
}
