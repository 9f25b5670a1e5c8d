// The bulk backfill at scale: npm run bench:backfill -- [--orders 1000000] [--history-years 4] [--json]
// The emulator (a child process) holds the Online Retail store copied until it has about --orders
// orders, the copies spread over --history-years years (Online Retail itself is one year). This
// process runs the records phase of the sync at the store's own "now" — three bulk queries at once
// (customers; orders; the products of the last 365 days' orders), JSONL streamed, rows written in
// batches into a fresh SQLite database — then each customer's first and second orders with their
// products over the whole history (refreshFirstOrders: older orders' products by one bulk query, started
// beside the records' three as the sync starts it, docs/decisions/057):
//   1. end to end (wallSeconds = recordsSeconds + firstOrdersSeconds): from starting the bulk operations
//      to every row applied; this includes the emulator writing the files, which Shopify does on its
//      own machines. Each phase reports its CPU seconds — this process's (main thread and write worker:
//      recordsCpuSeconds, firstOrdersCpuSeconds) and the emulator's process tree's, on the same two cores
//      (recordsEmulatorCpuSeconds, firstOrdersEmulatorCpuSeconds): what load does not inflate — and the
//      load average at the start and end of the run;
//   2. apply only (applySeconds): the three finished records files applied again under another shop
//      name, from the file URLs being ready to every row applied.
// The same older orders read by id instead (--by-id-sample orders of them, through the paced client at
// the standard plan's rate) give byIdSecondsPerOrder and byIdEstimatedSeconds for all of them.
// Then a raw parse of the same three files — read, split, JSON.parse, nothing else — is the physical
// floor: parseRatio = raw parse / recordsSeconds (the key), applyParseRatio = raw parse / apply.
// The sync runs with the job processes' old space (npm run bench:backfill passes JOB_PROCESS_OLD_SPACE_FLAG).
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { median, startEmulatorChild, trackPeakRss, useFreshDatabase } from "./bench-setup";

const ONLINE_RETAIL_ORDERS = 20_725; // orders in one copy of the seed (credit notes are refunds, not orders), about
const STORE_NOW = new Date("2011-12-10T09:00:00Z"); // tests/emulator/seed.ts STORES["online-retail"].now

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "1000000" },
    "history-years": { type: "string", default: "4" },
    json: { type: "boolean", default: false },
    "by-id-sample": { type: "string", default: "100" },
  },
});

/**
 * CPU seconds so far (user + system, from /proc: Linux) of a process and every process under it: the
 * emulator child is tsx's launcher, and the emulator itself runs in a node process that tsx starts.
 */
function processTreeCpuSeconds(root: number): number {
  const stats = new Map<number, { parent: number; cpuSeconds: number }>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    stats.set(Number(name), { parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 });
  }
  let total = 0;
  for (const [pid, { cpuSeconds }] of stats) {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = stats.get(at)?.parent) {
      if (at === root) {
        total += cpuSeconds;
        break;
      }
    }
  }
  return total;
}

const cpuSecondsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

async function main() {
  // The sync runs here as in the app's job processes, whose old space bounds how far V8 lets garbage grow
  // the heap (docs/decisions/055): its peak RSS is only the app's with the same flag.
  const { JOB_PROCESS_OLD_SPACE_FLAG } = await import("../../app/queue/worker-process-queue.server");
  if (!process.execArgv.includes(JOB_PROCESS_OLD_SPACE_FLAG))
    throw new Error(`run as \`npm run bench:backfill\` (node ${JOB_PROCESS_OLD_SPACE_FLAG}, as the job processes run)`);
  const scale = Math.max(1, Math.round(Number(values.orders) / ONLINE_RETAIL_ORDERS));
  const historyYears = Number(values["history-years"]);
  useFreshDatabase("bench-backfill");
  const emulator = await startEmulatorChild({ scale, plan: "standard", historyYears });
  const { default: prisma } = await import("../../app/db.server");
  const { backfillRecords } = await import("../../app/jobs/sync-shop.server");
  const { olderOrdersMayBeReadInBulk, refreshFirstOrders, startOlderOrdersRead } = await import("../../app/jobs/first-orders.server");
  const { fetchOrderProducts } = await import("../../app/shopify/order-products.server");
  const { createAdminClient } = await import("../../app/shopify/admin-client.server");
  const { fetchBulkOperation } = await import("../../app/shopify/bulk-operation.server");
  const { jsonlLines } = await import("../../app/shopify/jsonl");

  const admin = createAdminClient({ shop: emulator.shop, accessToken: emulator.accessToken, endpoint: emulator.adminApiUrl });
  const now = () => STORE_NOW;
  const bulk = { firstPollMs: 100, maxPollMs: 500 };
  await prisma.shop.create({ data: { shop: emulator.shop } });
  const loadAtStart = os.loadavg()[0];
  const peakRss = trackPeakRss();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const emulatorCpuStart = processTreeCpuSeconds(emulator.child.pid!);
  let olderOrders: ReturnType<typeof startOlderOrdersRead> | undefined;
  const { run } = await backfillRecords({
    shop: emulator.shop,
    admin,
    now,
    bulk,
    onReadsStarted: ({ orderLinesSince, ordersBeforeLines }) => {
      if (olderOrdersMayBeReadInBulk(ordersBeforeLines))
        olderOrders = startOlderOrdersRead({ shop: emulator.shop, admin, until: orderLinesSince, bulk });
    },
  });
  const recordsSeconds = (performance.now() - started) / 1000;
  const recordsCpuSeconds = cpuSecondsSince(cpuStart);
  const recordsPeakRssMb = peakRss.sofar();
  const recordsEmulatorCpuSeconds = processTreeCpuSeconds(emulator.child.pid!) - emulatorCpuStart;
  const firstOrders = await refreshFirstOrders({ shop: emulator.shop, admin, bulk, productsHeldSince: run.orderLinesSince, olderOrders });
  const wallSeconds = (performance.now() - started) / 1000;
  const firstOrdersSeconds = wallSeconds - recordsSeconds;
  const cpuSeconds = cpuSecondsSince(cpuStart);
  const emulatorCpuSeconds = processTreeCpuSeconds(emulator.child.pid!) - emulatorCpuStart;
  const peakRssMb = peakRss();
  const loadAtEnd = os.loadavg()[0];

  const done = await prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } });
  // The same older first orders read by id, a sample of them: what the bulk read replaces.
  const older = await prisma.customerFirstOrders.findMany({
    where: { shop: emulator.shop, firstProcessedAt: { lt: done.orderLinesSince! } },
    select: { firstOrderId: true },
    take: Number(values["by-id-sample"]),
  });
  const byIdStarted = performance.now();
  const requestsBefore = admin.stats.requests;
  const sampled =
    older.length > 0
      ? await fetchOrderProducts(
          admin,
          older.map((o) => o.firstOrderId),
        )
      : [];
  const byIdSecondsPerOrder = sampled.length > 0 ? (performance.now() - byIdStarted) / 1000 / sampled.length : null;
  const byIdRequests = admin.stats.requests - requestsBefore;
  const [customers, orders] = [done.customersRead, done.ordersRead];
  // One OrderProducts row per order of the window; its JSON holds one entry per product.
  const [{ ordersWithProducts, orderLines }] = await prisma.$queryRaw<{ ordersWithProducts: bigint; orderLines: bigint }[]>`
    SELECT count(*) AS ordersWithProducts, coalesce(sum(json_array_length(products)), 0) AS orderLines
    FROM OrderProducts WHERE shop = ${emulator.shop}`;
  const operationIds = [done.customersOperationId!, done.ordersOperationId!, done.orderLinesOperationId!];
  const files = await Promise.all(operationIds.map(async (id) => (await fetchBulkOperation(admin, id)).url!));

  // Apply only: a run of another shop name whose checkpoint names the three finished operations.
  const applyShop = `apply-only-${emulator.shop}`;
  await prisma.shop.create({ data: { shop: applyShop } });
  await prisma.syncRun.create({
    data: {
      shop: applyShop,
      kind: "initial",
      status: "running",
      phase: "records",
      customersTotal: done.customersTotal,
      ordersTotal: done.ordersTotal,
      orderLinesSince: done.orderLinesSince,
      customersOperationId: operationIds[0],
      ordersOperationId: operationIds[1],
      orderLinesOperationId: operationIds[2],
    },
  });
  const applyRss = trackPeakRss();
  const applyStarted = performance.now();
  const applyCpuStart = process.cpuUsage();
  await backfillRecords({ shop: applyShop, admin, now, bulk });
  const applySeconds = (performance.now() - applyStarted) / 1000;
  const applyCpuSeconds = cpuSecondsSince(applyCpuStart);
  const applyPeakRssMb = applyRss();

  // The floor: the same bytes read, split into lines and parsed, nothing stored. Median of 3.
  const rawTimes: number[] = [];
  let lines = 0;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    lines = 0;
    for (const url of files) {
      const response = await fetch(url);
      for await (const batch of jsonlLines(response.body as unknown as AsyncIterable<Uint8Array>)) {
        for (const line of batch) JSON.parse(line.text);
        lines += batch.length;
      }
    }
    rawTimes.push((performance.now() - start) / 1000);
  }
  const rawParseSeconds = median(rawTimes);
  const parseRatio = rawParseSeconds / recordsSeconds;
  const applyParseRatio = rawParseSeconds / applySeconds;
  emulator.stop();

  console.log(
    `store: ${scale} copies of Online Retail over ${historyYears} year(s); ${customers.toLocaleString("en")} customers, ` +
      `${orders.toLocaleString("en")} orders, ${orderLines.toLocaleString("en")} order lines in ${ordersWithProducts.toLocaleString("en")} orders (products of orders since ` +
      `${done.orderLinesSince!.toISOString().slice(0, 10)}), ${lines.toLocaleString("en")} JSONL lines in 3 files`,
  );
  const firstOrdersCpuSeconds = cpuSeconds - recordsCpuSeconds;
  const firstOrdersEmulatorCpuSeconds = emulatorCpuSeconds - recordsEmulatorCpuSeconds;
  console.log(
    `records phase (bulk operations, the emulator writing the files, apply with journeys): ${recordsSeconds.toFixed(1)} s wall, ` +
      `CPU ${recordsCpuSeconds.toFixed(1)} s app (main thread + write worker) + ${recordsEmulatorCpuSeconds.toFixed(1)} s emulator, peak RSS ${recordsPeakRssMb.toFixed(0)} MB (app)`,
  );
  console.log(
    `first/second orders (${firstOrders.customers.toLocaleString("en")} customers, ${firstOrders.ordersRead.toLocaleString("en")} older orders read by ${firstOrders.readBy}): ` +
      `${firstOrdersSeconds.toFixed(1)} s wall, CPU ${firstOrdersCpuSeconds.toFixed(1)} s app + ${firstOrdersEmulatorCpuSeconds.toFixed(1)} s emulator`,
  );
  console.log(
    `end to end: ${wallSeconds.toFixed(1)} s wall, ${Math.round(orders / wallSeconds).toLocaleString("en")} orders/s, CPU ${cpuSeconds.toFixed(1)} s app + ${emulatorCpuSeconds.toFixed(1)} s emulator, ` +
      `peak RSS ${peakRssMb.toFixed(0)} MB (app); load average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end`,
  );
  if (byIdSecondsPerOrder !== null)
    console.log(
      `by id instead: ${sampled.length} older first orders in ${byIdRequests} requests, ${byIdSecondsPerOrder.toFixed(3)} s an order → ${((byIdSecondsPerOrder * firstOrders.ordersRead) / 3600).toFixed(1)} h for ${firstOrders.ordersRead.toLocaleString("en")}`,
    );
  console.log(
    `apply only (files ready → rows applied): ${applySeconds.toFixed(1)} s, ${Math.round(orders / applySeconds).toLocaleString("en")} orders/s, CPU ${applyCpuSeconds.toFixed(1)} s, peak RSS ${applyPeakRssMb.toFixed(0)} MB`,
  );
  console.log(
    `raw parse of the same files (median of 3): ${rawParseSeconds.toFixed(1)} s → parseRatio (records) ${parseRatio.toFixed(2)}, applyParseRatio ${applyParseRatio.toFixed(2)}`,
  );
  if (values.json) {
    console.log(
      JSON.stringify({
        orders,
        customers,
        wallSeconds: round(wallSeconds),
        peakRssMb: Math.round(peakRssMb),
        recordsSeconds: round(recordsSeconds),
        recordsPeakRssMb: Math.round(recordsPeakRssMb),
        firstOrdersSeconds: round(firstOrdersSeconds),
        cpuSeconds: round(cpuSeconds),
        recordsCpuSeconds: round(recordsCpuSeconds),
        recordsEmulatorCpuSeconds: round(recordsEmulatorCpuSeconds),
        firstOrdersCpuSeconds: round(firstOrdersCpuSeconds),
        firstOrdersEmulatorCpuSeconds: round(firstOrdersEmulatorCpuSeconds),
        emulatorCpuSeconds: round(emulatorCpuSeconds),
        firstOrderCustomers: firstOrders.customers,
        olderOrdersRead: firstOrders.ordersRead,
        olderOrdersReadBy: firstOrders.readBy,
        byIdSecondsPerOrder: byIdSecondsPerOrder === null ? null : round(byIdSecondsPerOrder * 1000) / 1000,
        byIdEstimatedSeconds: byIdSecondsPerOrder === null ? null : Math.round(byIdSecondsPerOrder * firstOrders.ordersRead),
        parseRatio: round(parseRatio),
        applySeconds: round(applySeconds),
        applyParseRatio: round(applyParseRatio),
        applyCpuSeconds: round(applyCpuSeconds),
        applyPeakRssMb: Math.round(applyPeakRssMb),
        rawParseSeconds: round(rawParseSeconds),
        orderLines: Number(orderLines),
        ordersWithProducts: Number(ordersWithProducts),
        jsonlLines: lines,
        historyYears,
        loadAverage: [round(loadAtStart), round(loadAtEnd)],
      }),
    );
  }
  await prisma.$disconnect();
  process.exit(0);
}

const round = (value: number) => Math.round(value * 100) / 100;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
