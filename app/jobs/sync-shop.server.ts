// The first sync of a shop, and any full re-sync: read every customer and order through bulk
// operations running at once, store them, classify every customer, and write the changed lifecycle
// tags back.
//
// Three bulk queries at once (Shopify runs up to five per shop and app; the subscription orders' query
// is a fourth, docs/decisions/054, the older orders' products a fifth, 057): customers, orders (one line
// each: the facts the segments need and the journey summary, stored as OrderJourney rows), and the products bought in orders of the last
// ORDER_LINES_DAYS only (docs/decisions/016): line items are ~20 lines per order on a wholesale
// store, and only the review-request list, the verified-buyer check and the data export use them.
// Older orders' products are looked up from Shopify when a review needs them (purchased-lines.server.ts),
// and read for every customer's first and second orders after the records (first-orders.server.ts).
// Bulk operations are exempt from the rate limit at any size; on a tiny shop they add only the
// operation's start-up (a second or two) — one way for every shop.
//
// Checkpoint (SyncRun): each file's operation id, how many of its lines are applied, and when it was
// fully applied. Rows are written in batches, each in one transaction with its file's line count, so a
// killed run resumes at the next batch of the same file; were a batch applied twice, nothing would
// change (upserts by GID; an order's products are replaced as a whole). While one batch is written
// (on SQLite by a worker thread) the next is downloaded and parsed.
import type { AdminClient } from "../shopify/admin-client.server";
import {
  BulkOperationError,
  bulkFileLines,
  runBulkQuery,
  waitForBulkOperation,
  type BulkWaitOptions,
} from "../shopify/bulk-operation.server";
import { OrderLinesBatch, addToBatch, emptyBatch, readOrderLinesLine, toBulkRecord } from "../shopify/bulk-records";
import { BulkCustomers } from "../shopify/graphql/bulk-customers.query";
import { bulkOrderLinesQuery, ordersProcessedSearch } from "../shopify/graphql/bulk-order-lines.query";
import { BulkOrders } from "../shopify/graphql/bulk-orders.query";
import { RecordCounts } from "../shopify/graphql/record-counts.query";
import { ShopFacts } from "../shopify/graphql/shop-facts.query";
import { JsonlError, parseJsonlLine, type JsonlLine } from "../shopify/jsonl";
import { REVIEW_ELIGIBILITY_RULES } from "../domain/review-eligibility";
import { customerUpserts } from "../models/customer.server";
import { orderProductsUpserts, orderUpserts } from "../models/order.server";
import { orderJourneyUpserts } from "../models/touchpoints.server";
import { writeRows, type WriteStep } from "../models/upsert-rows.server";
import { getShopSettings, markDailyRefresh, updateShopFacts } from "../models/shop.server";
import {
  finishSyncRun,
  saveSyncProgress,
  startOrResumeSyncRun,
  syncProgressUpdate,
  type SyncProgress,
  type SyncPhase,
  type SyncRunRow,
} from "../models/sync-run.server";
import {
  detectShopSubscriptions,
  readSubscriptionOrders,
  startSubscriptionOrdersRead,
  type SubscriptionOrdersReadUnderWay,
} from "./detect-subscriptions.server";
import { fitPredictions } from "./fit-predictions.server";
import {
  ORDERS_BEFORE_LINES_COUNTED_UP_TO,
  olderOrdersMayBeReadInBulk,
  refreshFirstOrders,
  startOlderOrdersRead,
  type OlderOrdersRead,
} from "./first-orders.server";
import { refreshSubscriptionReport } from "./subscription-report.server";
import { refreshAcquisitionReport } from "./acquisition-report.server";
import { recomputeSegments } from "./recompute-segments.server";
import { pushCustomerTags } from "./push-customer-tags.server";
import { sendPendingFlowTriggers } from "./flow-triggers.server";

/**
 * Lines applied per batch (one transaction, then the checkpoint). Large enough that the per-batch
 * overhead disappears, small enough that a kill redoes little and memory stays flat; see bench:backfill.
 */
export const LINES_PER_BATCH = 5_000;

/**
 * Orders processed this many days before the sync have their products read by the backfill: the
 * review-request list's window (REVIEW_ELIGIBILITY_RULES.purchaseWindowDays) — after the sync,
 * webhooks keep every new order's products.
 */
export const ORDER_LINES_DAYS = REVIEW_ELIGIBILITY_RULES.purchaseWindowDays;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SyncShopInput {
  shop: string;
  admin: AdminClient;
  /** The app's clock: "now" for the segment rules. */
  now: () => Date;
  kind?: "initial" | "resync";
  /** Polling of the bulk operations (tests and benches poll faster). */
  bulk?: BulkWaitOptions;
  /** Lines per applied batch in every file (a test that needs many checkpoints in a small file). */
  linesPerBatch?: number;
}

export interface BackfillRecordsInput extends SyncShopInput {
  /**
   * Called once the records' bulk reads are started (or found started or done by a resumed run): the
   * sync starts its subscription read and its older orders' read there, so that Shopify writes those
   * files while the records are applied (docs/decisions/054, 057).
   */
  onReadsStarted?: (run: ReadsStarted) => void;
}

/** What the run knows once its reads are started. */
export interface ReadsStarted {
  /** The order-lines window's start: the older orders' read is of the orders before it. */
  orderLinesSince: Date;
  /**
   * Shopify's count of the orders processed before it, exact up to ORDERS_BEFORE_LINES_COUNTED_UP_TO (null:
   * not known — a resumed run).
   */
  ordersBeforeLines: number | null;
}

type BulkFile = "customers" | "orders" | "orderLines";

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
  switch (file) {
    case "customers":
      return {
        operationId: run.customersOperationId,
        linesApplied: run.customersLinesApplied,
        rowsRead: run.customersRead,
        readAt: run.customersReadAt,
      };
    case "orders":
      return {
        operationId: run.ordersOperationId,
        linesApplied: run.ordersLinesApplied,
        rowsRead: run.ordersRead,
        readAt: run.ordersReadAt,
      };
    case "orderLines":
      return {
        operationId: run.orderLinesOperationId,
        linesApplied: run.orderLinesLinesApplied,
        rowsRead: 0,
        readAt: run.orderLinesReadAt,
      };
  }
}

function progressFields(file: BulkFile, p: Partial<FileProgress>): SyncProgress {
  switch (file) {
    case "customers":
      return {
        customersOperationId: p.operationId,
        customersLinesApplied: p.linesApplied,
        customersRead: p.rowsRead,
        customersReadAt: p.readAt,
      };
    case "orders":
      return { ordersOperationId: p.operationId, ordersLinesApplied: p.linesApplied, ordersRead: p.rowsRead, ordersReadAt: p.readAt };
    case "orderLines":
      return { orderLinesOperationId: p.operationId, orderLinesLinesApplied: p.linesApplied, orderLinesReadAt: p.readAt };
  }
}

/**
 * Through the batches' writer: while one file's rows are being written (on SQLite by the write worker,
 * holding the database's one write lock) another file's checkpoint joins the queue instead of waiting
 * for the lock on the main thread.
 */
function saveFileProgress(runId: number, file: BulkFile, p: Partial<FileProgress>) {
  return writeRows([syncProgressUpdate(runId, progressFields(file, p))]);
}

/**
 * Drop a file's operation so the next attempt starts a new one. Rows already applied stay (upserts by
 * GID, so reading them again changes nothing); the counts start again with the new file.
 */
function forgetOperation(runId: number, file: BulkFile) {
  return saveFileProgress(runId, file, { operationId: null, linesApplied: 0, rowsRead: 0 });
}

/** How one file's lines become rows: parsed into a batch, written in one transaction. */
interface FileReader {
  query: string;
  groupObjects: boolean;
  linesPerBatch: number;
  /** Add the line to the batch; true when the batch should be written before this line is added. */
  add(line: JsonlLine, batchFull: boolean): boolean;
  /** Hand over the batch's writes (the batch starts empty again) and how many rows they are. */
  take(): { steps: WriteStep[]; rows: number };
}

function recordsReader(shop: string, file: "customers" | "orders", tagPrefix: string, now: () => Date): FileReader {
  let batch = emptyBatch();
  return {
    query: file === "customers" ? BulkCustomers : BulkOrders,
    groupObjects: false,
    // Orders are written in batches sorted by customer (orderUpserts): SQLite then writes Order's index by
    // customer page after page. A batch is held twice (parsed here, and copied to the write worker): before
    // journeys, 958k orders took 17 s in batches of 25,000 and 16 s of 50,000, but 50,000 took the backfill's
    // peak RSS past 550 MB and 20,000 stayed at 343–366 MB. An order line now carries its journey summary
    // (~775 bytes instead of ~300, and an OrderJourney row of 25 columns per order): the orders file alone,
    // 249k orders written through the worker, peaked at 564 MB in batches of 20,000 (416 MB with the
    // journeys parsed but not written) and 463 MB in batches of 10,000, with less CPU (10.4 s, was 12.0 s).
    // The three files applied at once, 207k orders: 399 MB in batches of 10,000, 298 MB of 5,000, the
    // same CPU (18.7 / 18.0 s).
    linesPerBatch: LINES_PER_BATCH,
    add(line, batchFull) {
      if (batchFull) return true;
      addToBatch(batch, toBulkRecord(line, parseJsonlLine(line), tagPrefix));
      return false;
    },
    take() {
      const { customers, orders, journeys } = batch;
      batch = emptyBatch();
      return file === "customers"
        ? { steps: [customerUpserts(shop, customers, now())], rows: customers.length }
        : { steps: [orderUpserts(shop, orders), orderJourneyUpserts(shop, journeys, new Date())], rows: orders.length };
    },
  };
}

function orderLinesReader(shop: string, since: Date): FileReader {
  const batch = new OrderLinesBatch();
  return {
    query: bulkOrderLinesQuery({ since }),
    // Each order's line items right after its own line: a batch cut before an order's line holds
    // whole orders, whose products are then replaced exactly.
    groupObjects: true,
    linesPerBatch: LINES_PER_BATCH,
    add(line, batchFull) {
      const record = readOrderLinesLine(line);
      if (batchFull && record.kind === "order") return true;
      batch.add(record, line);
      return false;
    },
    take() {
      const orders = batch.take();
      return { steps: [orderProductsUpserts(shop, orders)], rows: orders.length };
    },
  };
}

/** Run (or resume) one bulk read and apply its file from the checkpoint on. */
async function readBulkFile(
  { shop, admin, now, bulk, linesPerBatch: linesPerBatchOfTest }: SyncShopInput,
  run: SyncRunRow,
  file: BulkFile,
  reader: FileReader,
  onStarted: () => void = () => {},
): Promise<void> {
  const linesPerBatch = linesPerBatchOfTest ?? reader.linesPerBatch;
  const progress = fileProgress(run, file);
  if (progress.readAt) return onStarted();
  const { linesApplied } = progress;
  let { operationId, rowsRead } = progress;
  if (!operationId) {
    operationId = await runBulkQuery(admin, reader.query, bulk, { groupObjects: reader.groupObjects });
    await saveFileProgress(run.id, file, { operationId });
  }
  onStarted();
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
    let lastLine = linesApplied;
    let batchFrom = linesApplied;
    // The batch being written while the next one is parsed; its checkpoint follows its write.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const { steps, rows } = reader.take();
      const upTo = lastLine;
      batchFrom = lastLine;
      await writing;
      rowsRead += rows;
      // The rows and their checkpoint commit together: a kill never finds one without the other.
      writing = writeRows([...steps, syncProgressUpdate(run.id, progressFields(file, { linesApplied: upTo, rowsRead }))]);
      writing.catch(() => {}); // awaited at the next flush or at the end
    };
    try {
      // A download cut mid-file is fetched again from the line after the last one read.
      for (let cuts = 0; ; cuts++) {
        try {
          for await (const lines of bulkFileLines(operation.url, { skip: lastLine })) {
            for (const line of lines) {
              if (reader.add(line, lastLine - batchFrom >= linesPerBatch)) {
                await flush();
                reader.add(line, false);
              }
              lastLine = line.number;
            }
          }
          break;
        } catch (error) {
          if (!isCutDownload(error) || cuts >= MAX_DOWNLOAD_CUTS) throw error;
        }
      }
      if (lastLine > batchFrom) await flush();
      await writing;
    } catch (error) {
      await writing.catch(() => {});
      // A bad line is in the file itself: reading it again cannot help, a new operation can.
      if (error instanceof JsonlError) await forgetOperation(run.id, file);
      throw error;
    }
  }
  await saveFileProgress(run.id, file, { readAt: now() });
}

/**
 * Start (or resume) the shop's sync run and read every customer and order into the database: the
 * records phase. Returns the run and the phase it has reached.
 */
export async function backfillRecords(input: BackfillRecordsInput): Promise<{ run: SyncRunRow; phase: SyncPhase }> {
  const { shop, admin, kind = "initial" } = input;
  const run = await startOrResumeSyncRun(shop, kind);
  const facts = await admin.request(ShopFacts);
  await updateShopFacts(shop, facts.shop);
  const settings = await getShopSettings(shop);

  // The order-lines window is fixed when the run starts and kept for its resumptions.
  const linesSince = run.orderLinesSince ?? startOfUtcDay(new Date(input.now().getTime() - ORDER_LINES_DAYS * DAY_MS));
  // Counted when the run starts; a resumed run has its totals and does not know this count.
  let ordersBeforeLines: number | null = null;
  if (run.customersTotal === null) {
    const counts = await admin.request(RecordCounts, {
      ordersBeforeLines: ordersProcessedSearch({ until: linesSince }),
      ordersBeforeLinesLimit: ORDERS_BEFORE_LINES_COUNTED_UP_TO,
    });
    ordersBeforeLines = counts.ordersBeforeLines?.count ?? null;
    await saveSyncProgress(run.id, {
      customersTotal: counts.customersCount?.count ?? null,
      ordersTotal: counts.ordersCount?.count ?? null,
    });
  }

  const phase = run.phase as SyncPhase;
  if (phase !== "records") return { run, phase };
  if (!run.orderLinesSince) await saveSyncProgress(run.id, { orderLinesSince: linesSince });
  // Every read ends before this run does (a failed one fails the run after the others end): a read
  // left running would race the retry's reads over the same rows.
  // onReadsStarted once all three are started: on the emulator, which writes one file at a time in the
  // order the operations started, a query started before them would hold their files back (Shopify runs
  // them side by side). A read that fails to start fails the run, which then starts nothing more.
  const started = new Set<BulkFile>();
  const onStarted = (file: BulkFile) => () => {
    if (started.has(file)) return;
    started.add(file);
    if (started.size === 3) input.onReadsStarted?.({ orderLinesSince: linesSince, ordersBeforeLines });
  };
  const readsOf = [
    readBulkFile(input, run, "customers", recordsReader(shop, "customers", settings.tagPrefix, input.now), onStarted("customers")),
    readBulkFile(input, run, "orders", recordsReader(shop, "orders", settings.tagPrefix, input.now), onStarted("orders")),
    readBulkFile(input, run, "orderLines", orderLinesReader(shop, linesSince), onStarted("orderLines")),
  ];
  const reads = await Promise.allSettled(readsOf);
  const failed = reads.find((read): read is PromiseRejectedResult => read.status === "rejected");
  if (failed) throw failed.reason;
  await saveSyncProgress(run.id, { phase: "segments" });
  return { run: { ...run, orderLinesSince: linesSince }, phase: "segments" };
}

function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export async function syncShop(input: SyncShopInput): Promise<void> {
  // The reads started beside the records' end before the sync does, failed or not, as the records' reads
  // do: a retry's read must not race their writes.
  const readsBeside: { ended(): Promise<void> }[] = [];
  try {
    await syncPhases(input, readsBeside);
  } finally {
    await Promise.all(readsBeside.map((read) => read.ended()));
  }
}

async function syncPhases(input: SyncShopInput, readsBeside: { ended(): Promise<void> }[]): Promise<void> {
  const { shop, admin, now } = input;
  // The subscription orders' read and the older orders' products read run beside the records' reads (five
  // bulk queries may run at once): Shopify writes their files, and the app stores the subscription orders,
  // while the records are applied (docs/decisions/054, 057). The older orders' read starts last: the
  // emulator writes files one at a time in the order they started, and the subscription file is taken first.
  let subscriptionOrders: SubscriptionOrdersReadUnderWay | undefined;
  let olderOrders: OlderOrdersRead | undefined;
  const { run, phase: reached } = await backfillRecords({
    ...input,
    onReadsStarted: ({ orderLinesSince, ordersBeforeLines }) => {
      subscriptionOrders = startSubscriptionOrdersRead({ shop, admin, now, bulk: input.bulk });
      readsBeside.push(subscriptionOrders);
      if (!olderOrdersMayBeReadInBulk(ordersBeforeLines)) return;
      olderOrders = startOlderOrdersRead({ shop, admin, until: orderLinesSince, bulk: input.bulk });
      readsBeside.push(olderOrders);
    },
  });
  let phase = reached;

  if (phase === "segments") {
    const asOf = now();
    // Subscribers first: an active subscriber is never dormant (app/domain/lifecycle.ts).
    const read = await (subscriptionOrders?.take(asOf) ?? readSubscriptionOrders({ shop, admin, now, bulk: input.bulk, asOf }));
    await detectShopSubscriptions({ shop, asOf, read });
    await recomputeSegments({ shop, asOf });
    await fitPredictions({ shop, asOf });
    await refreshSubscriptionReport({ shop, asOf, planNames: read.planNames });
    // First and second orders (their products and types) before the acquisition report that groups by them.
    await refreshFirstOrders({ shop, admin, bulk: input.bulk, productsHeldSince: run.orderLinesSince, olderOrders });
    await refreshAcquisitionReport({ shop, asOf, admin });
    await sendPendingFlowTriggers(shop, admin);
    phase = "tags";
    await saveSyncProgress(run.id, { phase: "tags" });
  }

  if (phase === "tags") {
    const { written } = await pushCustomerTags({ shop, admin, bulk: input.bulk });
    await saveSyncProgress(run.id, { phase: "tags", tagsWritten: written });
  }

  // A sync does all a daily refresh does: the next one is due on the shop's next local day.
  await markDailyRefresh(shop, now());
  await finishSyncRun(run.id, now());
}
