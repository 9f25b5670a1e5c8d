// The bulk backfill at scale: npm run bench:backfill -- [--orders 1000000] [--json]
// The emulator (a child process) holds the Online Retail store copied until it has about --orders
// orders; this process runs the records phase of the sync (two bulk queries at once, JSONL streamed,
// rows upserted in batches into a fresh SQLite database) and then a raw parse of the same two files —
// read, split, JSON.parse, nothing else — as the physical floor. parseRatio = raw parse / backfill.
import { parseArgs } from "node:util";
import { median, startEmulatorChild, trackPeakRss, useFreshDatabase } from "./bench-setup";

const ONLINE_RETAIL_ORDERS = 25_900; // orders in one copy of the seed (cancellations included), about

const { values } = parseArgs({
  options: { orders: { type: "string", default: "1000000" }, json: { type: "boolean", default: false } },
});

async function main() {
  const scale = Math.max(1, Math.round(Number(values.orders) / ONLINE_RETAIL_ORDERS));
  useFreshDatabase("bench-backfill");
  const emulator = await startEmulatorChild({ scale, plan: "standard" });
  const { default: prisma } = await import("../../app/db.server");
  const { backfillRecords } = await import("../../app/jobs/sync-shop.server");
  const { createAdminClient } = await import("../../app/shopify/admin-client.server");
  const { fetchBulkOperation } = await import("../../app/shopify/bulk-operation.server");
  const { jsonlLines } = await import("../../app/shopify/jsonl");

  const admin = createAdminClient({ shop: emulator.shop, accessToken: emulator.accessToken, endpoint: emulator.adminApiUrl });
  await prisma.shop.create({ data: { shop: emulator.shop } });
  const peakRss = trackPeakRss();
  const started = performance.now();
  const { run } = await backfillRecords({ shop: emulator.shop, admin, now: () => new Date(), bulk: { firstPollMs: 100, maxPollMs: 500 } });
  const wallSeconds = (performance.now() - started) / 1000;
  const peakRssMb = peakRss();

  const done = await prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } });
  const [customers, orders] = [done.customersRead, done.ordersRead];
  const files = await Promise.all(
    [done.customersOperationId!, done.ordersOperationId!].map(async (id) => (await fetchBulkOperation(admin, id)).url!),
  );

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
  const parseRatio = rawParseSeconds / wallSeconds;
  emulator.stop();

  console.log(`store: ${scale} copies of Online Retail; ${customers.toLocaleString("en")} customers, ${orders.toLocaleString("en")} orders, ${lines.toLocaleString("en")} JSONL lines`);
  console.log(`backfill (records phase): ${wallSeconds.toFixed(1)} s wall, ${Math.round(orders / wallSeconds).toLocaleString("en")} orders/s, ${Math.round(customers / wallSeconds).toLocaleString("en")} customers/s`);
  console.log(`peak RSS of the app process: ${peakRssMb.toFixed(0)} MB`);
  console.log(`raw parse of the same files (median of 3): ${rawParseSeconds.toFixed(1)} s → ratio ${parseRatio.toFixed(2)}`);
  if (values.json) {
    console.log(JSON.stringify({ orders, customers, wallSeconds: round(wallSeconds), peakRssMb: Math.round(peakRssMb), parseRatio: round(parseRatio) }));
  }
  await prisma.$disconnect();
  process.exit(0);
}

const round = (value: number) => Math.round(value * 100) / 100;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
