// How far a running sync is, for the sync status card: records read of the totals Shopify counted,
// and the time left at the pace so far (read between the run's start and its last checkpoint).
export interface SyncCounters {
  customersRead: number;
  customersTotal: number | null;
  ordersRead: number;
  ordersTotal: number | null;
  startedAt: string;
  /** Time of the last checkpoint. */
  heartbeatAt: string;
}

export interface SyncProgress {
  read: number;
  /** null until Shopify's counts are in. */
  total: number | null;
  /** 0–99 while running: the segments and tags phases follow the reading. */
  percent: number;
  /** null until something has been read. */
  etaSeconds: number | null;
}

export function syncProgress(sync: SyncCounters): SyncProgress {
  const read = sync.customersRead + sync.ordersRead;
  if (sync.customersTotal === null || sync.ordersTotal === null) return { read, total: null, percent: 0, etaSeconds: null };
  const total = sync.customersTotal + sync.ordersTotal;
  const fraction = total === 0 ? 1 : Math.min(1, read / total);
  const elapsedSeconds = (Date.parse(sync.heartbeatAt) - Date.parse(sync.startedAt)) / 1000;
  const etaSeconds = read === 0 || elapsedSeconds <= 0 ? null : Math.ceil((elapsedSeconds * (total - Math.min(read, total))) / read);
  return { read, total, percent: Math.min(99, Math.floor(fraction * 100)), etaSeconds };
}
