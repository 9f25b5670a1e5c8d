// One backfill of bench:subscriptions' store, in a process of its own with its own fresh database
// (DATABASE_URL, SHOPIFY_API_ORIGIN, BENCH_SHOP and BENCH_ACCESS_TOKEN from the bench):
//   --subscriptions without: the sync's records phase alone (customers, orders, order lines);
//   --subscriptions with: the same, with the subscription orders' read (the bulk query, its file read and
//     stored) started beside the three reads as syncShop starts it, then taken and the subscriptions
//     detected — what the sync does before the segments (docs/decisions/054).
// Prints one JSON line: the walls and this process's CPU (user + system, every thread: the app's main
// thread and its SQLite write worker) of each part, and its peak RSS.
import { parseArgs } from "node:util";
import { trackPeakRss } from "./bench-setup";
import { STORE_NOW } from "./subscriptions-emulator";

const { values } = parseArgs({ options: { subscriptions: { type: "string" } } });

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function main() {
  const withSubscriptions = values.subscriptions === "with";
  if (!withSubscriptions && values.subscriptions !== "without") throw new Error("--subscriptions with|without");
  const { default: prisma } = await import("../../app/db.server");
  const { backfillRecords } = await import("../../app/jobs/sync-shop.server");
  const { detectShopSubscriptions, startSubscriptionOrdersRead } = await import("../../app/jobs/detect-subscriptions.server");
  const { registerShop } = await import("../../app/models/shop.server");
  const { createAdminClient } = await import("../../app/shopify/admin-client.server");

  const shop = process.env.BENCH_SHOP!;
  const admin = createAdminClient({ shop, accessToken: process.env.BENCH_ACCESS_TOKEN! });
  const bulk = { firstPollMs: 100, maxPollMs: 500 };
  const now = () => STORE_NOW;
  await registerShop(shop);
  await prisma.shop.update({ where: { shop }, data: { ianaTimezone: "Asia/Tokyo", currencyCode: "JPY" } });

  const mark = () => ({ at: performance.now(), cpu: cpuSeconds() });
  const since = (from: { at: number; cpu: number }) => ({
    seconds: (performance.now() - from.at) / 1000,
    cpuSeconds: cpuSeconds() - from.cpu,
  });
  const peakRss = trackPeakRss();
  const start = mark();
  let subscriptionOrders: ReturnType<typeof startSubscriptionOrdersRead> | undefined;
  let readEndedAt: number | undefined;
  await backfillRecords({
    shop,
    admin,
    now,
    bulk,
    onReadsStarted: withSubscriptions
      ? () => {
          subscriptionOrders = startSubscriptionOrdersRead({ shop, admin, now, bulk });
          void subscriptionOrders.ended().then(() => (readEndedAt = performance.now()));
        }
      : undefined,
  });
  const records = since(start);
  const recordsEndedAt = performance.now();
  const result: Record<string, unknown> = { records };
  if (withSubscriptions) {
    let from = mark();
    const read = await subscriptionOrders!.take(STORE_NOW);
    // What was left of the read (Shopify writing the file, the app reading and storing it) once the
    // records were applied; and when it ended, in seconds after the records (negative: before them).
    result.wait = since(from);
    result.readEndedAfterRecordsSeconds = (readEndedAt! - recordsEndedAt) / 1000;
    from = mark();
    const detected = await detectShopSubscriptions({ shop, asOf: STORE_NOW, read });
    result.detect = since(from);
    Object.assign(result, {
      ordersRead: read.ordersRead,
      subscriptionOrders: read.subscriptionOrders,
      subscriptions: detected.length,
      subscribers: new Set(detected.map((s) => s.customerId)).size,
      planNames: Object.fromEntries(read.planNames),
    });
  }
  result.total = since(start);
  result.peakRssMb = Math.round(peakRss());
  await prisma.$disconnect();
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
