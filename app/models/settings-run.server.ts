// Progress of a settings change being applied or of "Remove all Tsunagu tags" (SettingsRun).
import prisma from "../db.server";

export type SettingsRunKind = "apply-settings" | "remove-all-tags";
export type SettingsRunPhase = "segments" | "tags" | "flow" | "done";

export interface SettingsRunView {
  id: number;
  kind: SettingsRunKind;
  status: "queued" | "running" | "completed" | "failed";
  phase: SettingsRunPhase;
  customersTotal: number;
  customersDone: number;
  transitions: number;
  tagsWritten: number;
  blockedByTagLimit: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

type Row = Awaited<ReturnType<typeof prisma.settingsRun.findFirstOrThrow>>;

function view(row: Row): SettingsRunView {
  return {
    ...row,
    kind: row.kind as SettingsRunKind,
    status: row.status as SettingsRunView["status"],
    phase: row.phase as SettingsRunPhase,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function createSettingsRun(shop: string, kind: SettingsRunKind, at: Date): Promise<number> {
  const row = await prisma.settingsRun.create({ data: { shop, kind, status: "queued", startedAt: at } });
  return row.id;
}

export async function updateSettingsRun(
  id: number,
  data: Partial<
    Pick<
      Row,
      "status" | "phase" | "customersTotal" | "customersDone" | "transitions" | "tagsWritten" | "blockedByTagLimit" | "error" | "finishedAt"
    >
  >,
): Promise<void> {
  await prisma.settingsRun.update({ where: { id }, data });
}

export async function latestSettingsRun(shop: string): Promise<SettingsRunView | null> {
  const row = await prisma.settingsRun.findFirst({ where: { shop }, orderBy: { id: "desc" } });
  return row ? view(row) : null;
}

/** Runs not finished: after a restart their jobs are enqueued again (both jobs are idempotent). */
export async function listUnfinishedSettingsRuns(): Promise<{ id: number; shop: string; kind: SettingsRunKind }[]> {
  const rows = await prisma.settingsRun.findMany({ where: { status: { in: ["queued", "running"] } }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ id: r.id, shop: r.shop, kind: r.kind as SettingsRunKind }));
}
