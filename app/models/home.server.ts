import { LIFECYCLE_RULES } from "../domain/lifecycle-rules";
import { DEFAULT_TAG_PREFIX } from "../domain/owned-tags";
import { countCustomersByStage } from "./customer.server";
import type { SyncRunRow } from "./sync-run.server";
import { segmentSizesOf, type SnapshotSize } from "./playbook.server";

export interface HomeSummary {
  counts: Awaited<ReturnType<typeof countCustomersByStage>>;
  sync: {
    status: string;
    phase: string;
    customersRead: number;
    customersTotal: number | null;
    ordersRead: number;
    ordersTotal: number | null;
    tagsWritten: number;
    startedAt: string;
    /** The last checkpoint: the pace so far, for the time left. */
    heartbeatAt: string;
    finishedAt: string | null;
    error: string | null;
  } | null;
  settings: { tagPrefix: string; ianaTimezone: string; dormantAfterDays: number; churnedAfterDays: number; vipTopPercent: number };
}

/** The Shop columns the summary shows (the journey page reads them with its own, in one query). */
export const HOME_SHOP_COLUMNS = {
  tagPrefix: true,
  ianaTimezone: true,
  dormantAfterDays: true,
  churnedAfterDays: true,
  vipTopPercent: true,
} as const;

/** The SyncRun columns the summary shows. */
export const HOME_SYNC_RUN_COLUMNS = [
  "status",
  "phase",
  "customersRead",
  "customersTotal",
  "ordersRead",
  "ordersTotal",
  "tagsWritten",
  "startedAt",
  "heartbeatAt",
  "finishedAt",
  "error",
] as const;

export type HomeSyncRun = Pick<SyncRunRow, (typeof HOME_SYNC_RUN_COLUMNS)[number]>;

/** What the caller read with its own statement: the latest sync run and the latest daily snapshot's sizes. */
export interface HomeReads {
  run: HomeSyncRun | null;
  snapshot: SnapshotSize[];
}

/** `settings`: the shop's HOME_SHOP_COLUMNS, read by the caller with its own (null = no Shop row). */
export async function homeSummaryOf(
  shop: string,
  settings: HomeSummary["settings"] | null,
  { run, snapshot }: HomeReads,
): Promise<HomeSummary> {
  return {
    // The latest daily snapshot, not a count of every customer row per page view (250k-customer shops).
    counts: await segmentSizesOf(shop, snapshot),
    sync: run && {
      status: run.status,
      phase: run.phase,
      customersRead: run.customersRead,
      customersTotal: run.customersTotal,
      ordersRead: run.ordersRead,
      ordersTotal: run.ordersTotal,
      tagsWritten: run.tagsWritten,
      startedAt: run.startedAt.toISOString(),
      heartbeatAt: run.heartbeatAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      error: run.error,
    },
    settings: settings ?? { tagPrefix: DEFAULT_TAG_PREFIX, ianaTimezone: "UTC", ...LIFECYCLE_RULES },
  };
}
