// The first sync of a shop, and any full re-sync: read every customer and order through two bulk
// operations running at once, store them, classify every customer, and write the changed lifecycle
// tags back.
//
// Why bulk only (no paged reads any more): the orders read needs each order's line items, and a paged
// orders query with nested line items costs about first × lineItems.first points — 250 orders × 50
// lines is over Shopify's 1,000-point cap per query, so pages shrink to ~10 orders and a Standard shop
// (100 points/s) reads ~2 orders/s. Bulk operations are exempt from the rate limit at any size; on a
// tiny shop they add only the operation's start-up (a second or two) — one way for every shop.
//
// Checkpoint (SyncRun): each file's operation id, how many of its lines are applied, and when it was
// fully applied. Rows are upserted by GID in batches and the line count is saved after each batch, so
// a killed run resumes at the next batch of the same file; re-applying a batch changes nothing.
import type { AdminClient } from "../shopify/admin-client.server";
import {
  BulkOperationError,
  bulkFileLines,
  runBulkQuery,
  waitForBulkOperation,
  type BulkWaitOptions,
} from "../shopify/bulk-operation.server";
import { addToBatch, emptyBatch, toBulkRecord } from "../shopify/bulk-records";
import { BulkCustomers } from "../shopify/graphql/bulk-customers.query";
import { BulkOrders } from "../shopify/graphql/bulk-orders.query";
import { RecordCounts } from "../shopify/graphql/record-counts.query";
import { ShopFacts } from "../shopify/graphql/shop-facts.query";
import { JsonlError, parseJsonlLine } from "../shopify/jsonl";
import { upsertCustomers } from "../models/customer.server";
import { clearStagedLineItems, stageLineItems, upsertOrders } from "../models/order.server";
import { getShopSettings, markDailyRefresh, updateShopFacts } from "../models/shop.server";
import {
  finishSyncRun,
  saveSyncProgress,
  startOrResumeSyncRun,
  type SyncPhase,
  type SyncRunRow,
} from "../models/sync-run.server";
import { fitPredictions } from "./fit-predictions.server";
import { recomputeSegments } from "./recompute-segments.server";
import { pushCustomerTags } from "./push-customer-tags.server";
import { sendPendingFlowTriggers } from "./flow-triggers.server";

/**
 * Lines applied per batch (one upsert per table, then the checkpoint). Large enough that the
 * per-statement overhead disappears, small enough that a kill redoes little; see bench:backfill.
 */
export const LINES_PER_BATCH = 20_000;

export interface SyncShopInput {
  shop: string;
  admin: AdminClient;
  /** The app's clock: "now" for the segment rules. */
  now: () => Date;
  kind?: "initial" | "resync";
  /** Polling of the bulk operations (tests and benches poll faster). */
  bulk?: BulkWaitOptions;
  /** Lines per applied batch; LINES_PER_BATCH unless a test needs many checkpoints in a small file. */
  linesPerBatch?: number;
}

type BulkFile = "customers" | "orders";

const MAX_DOWNLOAD_CUTS = 5;

/** fetch reports a connection closed mid-body as a TypeError ("terminated"); JSONL errors are not that. */
function isCutDownload(error: unknown): boolean {
  return error instanceof TypeError;
}

interface FileProgress {
  operationId: string | null;
  linesApplied: number;
  rowsRead: number;
  readAt: Date | null;
}

function fileProgress(run: SyncRunRow, file: BulkFile): FileProgress {
  return file === "customers"
    ? { operationId: run.customersOperationId, linesApplied: run.customersLinesApplied, rowsRead: run.customersRead, readAt: run.customersReadAt }
    : { operationId: run.ordersOperationId, linesApplied: run.ordersLinesApplied, rowsRead: run.ordersRead, readAt: run.ordersReadAt };
}

function saveFileProgress(runId: number, file: BulkFile, p: Partial<FileProgress>) {
  return saveSyncProgress(
    runId,
    file === "customers"
      ? { customersOperationId: p.operationId, customersLinesApplied: p.linesApplied, customersRead: p.rowsRead, customersReadAt: p.readAt }
      : { ordersOperationId: p.operationId, ordersLinesApplied: p.linesApplied, ordersRead: p.rowsRead, ordersReadAt: p.readAt },
  );
}

/**
 * Drop a file's operation so the next attempt starts a new one. Rows already applied stay (upserts by
 * GID, so reading them again changes nothing); the counts start again with the new file.
 */
function forgetOperation(runId: number, file: BulkFile) {
  return saveFileProgress(runId, file, { operationId: null, linesApplied: 0, rowsRead: 0 });
}

/** Run (or resume) one bulk read and apply its file from the checkpoint on. */
async function readBulkFile(
  { shop, admin, now, bulk, linesPerBatch = LINES_PER_BATCH }: SyncShopInput,
  run: SyncRunRow,
  file: BulkFile,
  tagPrefix: string,
): Promise<void> {
  const progress = fileProgress(run, file);
  if (progress.readAt) return;
  let { operationId, linesApplied, rowsRead } = progress;
  if (!operationId) {
    // Line items staged from an earlier, abandoned file may be gone from Shopify since.
    if (file === "orders") await clearStagedLineItems(shop);
    operationId = await runBulkQuery(admin, file === "customers" ? BulkCustomers : BulkOrders, bulk);
    await saveFileProgress(run.id, file, { operationId });
  }
  const operation = await waitForBulkOperation(admin, operationId, bulk);
  if (operation.status !== "COMPLETED") {
    // A failed operation's partialDataUrl is not applied: the retry's new operation reads everything.
    await forgetOperation(run.id, file);
    throw new BulkOperationError(
      `Bulk ${file} read for ${shop} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}`,
      operation.errorCode,
    );
  }

  // No url: the operation matched nothing (an empty shop).
  if (operation.url) {
    let batch = emptyBatch();
    let lastLine = linesApplied;
    const flush = async () => {
      const at = now();
      await upsertCustomers(shop, batch.customers, at);
      await upsertOrders(shop, batch.orders);
      await stageLineItems(shop, batch.lineItems);
      rowsRead += file === "customers" ? batch.customers.length : batch.orders.length;
      linesApplied = lastLine;
      await saveFileProgress(run.id, file, { linesApplied, rowsRead });
      batch = emptyBatch();
    };
    // A download cut mid-file is fetched again from the line after the last one read.
    for (let cuts = 0; ; cuts++) {
      try {
        for await (const lines of bulkFileLines(operation.url, { skip: lastLine })) {
          for (const line of lines) {
            addToBatch(batch, toBulkRecord(line, parseJsonlLine(line), tagPrefix));
            lastLine = line.number;
            if (lastLine - linesApplied >= linesPerBatch) await flush();
          }
        }
        break;
      } catch (error) {
        // A bad line is in the file itself: reading it again cannot help, a new operation can.
        if (error instanceof JsonlError) await forgetOperation(run.id, file);
        if (!isCutDownload(error) || cuts >= MAX_DOWNLOAD_CUTS) throw error;
      }
    }
    if (lastLine > linesApplied) await flush();
  }
  if (file === "orders") await clearStagedLineItems(shop);
  await saveFileProgress(run.id, file, { readAt: now() });
}

/**
 * Start (or resume) the shop's sync run and read every customer and order into the database: the
 * records phase. Returns the run and the phase it has reached.
 */
export async function backfillRecords(input: SyncShopInput): Promise<{ run: SyncRunRow; phase: SyncPhase }> {
  const { shop, admin, kind = "initial" } = input;
  const run = await startOrResumeSyncRun(shop, kind);
  const facts = await admin.request<{ shop: { currencyCode: string; ianaTimezone: string } }>(ShopFacts);
  await updateShopFacts(shop, facts.shop);
  const settings = await getShopSettings(shop);

  if (run.customersTotal === null) {
    const counts = await admin.request<{ customersCount: { count: number }; ordersCount: { count: number } }>(
      RecordCounts,
    );
    await saveSyncProgress(run.id, {
      customersTotal: counts.customersCount.count,
      ordersTotal: counts.ordersCount.count,
    });
  }

  // Runs started by the paged sync of earlier versions are in "customers" or "orders": read again.
  const phase = run.phase as SyncPhase | "customers" | "orders";
  if (phase !== "records" && phase !== "customers" && phase !== "orders") return { run, phase };
  // Both reads end before this run does: a read left running after its sibling failed would race the
  // retry's reads over the staged line items (and sum an order's lines from half of them).
  const reads = await Promise.allSettled([
    readBulkFile(input, run, "customers", settings.tagPrefix),
    readBulkFile(input, run, "orders", settings.tagPrefix),
  ]);
  const failed = reads.find((read): read is PromiseRejectedResult => read.status === "rejected");
  if (failed) throw failed.reason;
  await saveSyncProgress(run.id, { phase: "segments" });
  return { run, phase: "segments" };
}

export async function syncShop(input: SyncShopInput): Promise<void> {
  const { shop, admin, now } = input;
  const { run, phase: reached } = await backfillRecords(input);
  let phase = reached;

  if (phase === "segments") {
    const asOf = now();
    await recomputeSegments({ shop, asOf });
    await fitPredictions({ shop, asOf });
    await sendPendingFlowTriggers(shop, admin);
    phase = "tags";
    await saveSyncProgress(run.id, { phase: "tags", cursor: null });
  }

  if (phase === "tags") {
    const { written } = await pushCustomerTags({ shop, admin, bulk: input.bulk });
    await saveSyncProgress(run.id, { phase: "tags", cursor: null, tagsWritten: written });
  }

  // A sync does all a daily refresh does: the next one is due on the shop's next local day.
  await markDailyRefresh(shop, now());
  await finishSyncRun(run.id, now());
}
