// One backfill of bench:subscriptions' store, in a process of its own with its own fresh database
// (DATABASE_URL, SHOPIFY_API_ORIGIN, BENCH_SHOP and BENCH_ACCESS_TOKEN from the bench):
//   --subscriptions without: the sync's records phase alone (customers, orders, order lines);
//   --subscriptions with: the same, with the subscription orders' bulk query started beside the three
//     reads as syncShop starts it, then its file read and stored and the subscriptions detected — what
//     the sync does before the segments (docs/decisions/054).
// Prints one JSON line: the walls and this process's CPU (user + system, every thread: the app's main
// thread and its SQLite write worker) of each part.
import { parseArgs } from "node:util";
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
  const { detectShopSubscriptions, readSubscriptionOrdersFile, runSubscriptionOrdersQuery, startSubscriptionOrdersQuery } =
    await import("../../app/jobs/detect-subscriptions.server");
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
  const start = mark();
  let started: ReturnType<typeof startSubscriptionOrdersQuery> | undefined;
  await backfillRecords({
    shop,
    admin,
    now,
    bulk,
    onReadsStarted: withSubscriptions ? () => (started = startSubscriptionOrdersQuery({ admin, bulk })) : undefined,
  });
  const records = since(start);
  const result: Record<string, unknown> = { records };
  if (withSubscriptions) {
    let from = mark();
    const url = await runSubscriptionOrdersQuery({ shop, admin, bulk, started });
    // How long the file was still being written once the records were applied.
    result.wait = since(from);
    from = mark();
    const read = await readSubscriptionOrdersFile({ shop, url, now });
    result.read = since(from);
    from = mark();
    const detected = await detectShopSubscriptions({ shop, asOf: STORE_NOW, read });
    result.detect = since(from);
    Object.assign(result, {
      ordersRead: read.ordersRead,
      subscriptionOrders: read.orders.length,
      subscriptions: detected.length,
      subscribers: new Set(detected.map((s) => s.customerId)).size,
      planNames: Object.fromEntries(read.planNames),
    });
  }
  result.total = since(start);
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
