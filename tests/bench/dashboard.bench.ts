// Latency of each admin page's loader on a large store, under concurrent requests.
//   npm run bench:dashboard [-- --json] [--scale 11] [--connections 8] [--seconds 5] [--db FILE]
// With --db FILE the seeded database is kept in FILE, and a FILE that exists is timed as it is (no
// seeding: the same store and scale must have written it), for profiling the same world again.
// The app runs from $TSUNAGU_BUILD_DIR (default build/), built first when missing or older than app/.
//
// 1. The emulator's CDNOW store × scale (× 11 ≈ 259k customers, 766k orders) is written into a fresh
//    SQLite database DIRECTLY through the app's models (upsertRows, upsertOrders, saveAbandonedCheckouts,
//    saveSegmentSnapshot) instead of the Admin API sync, which would take an hour at this size. Stages
//    come from the domain's classifyShop (what the recompute job runs), one transition per customer
//    (install), one day's snapshot, and the dashboard aggregates the recompute job stores after it
//    (segments aggregate, cohorts, threshold suggestion — the same model calls); reviews and NPS answers
//    of a share of buyers and orders (what the storefront extensions store); the journey rows from the
//    app's rebuildJourneyDays; online store sessions by day and channel from the emulator's ShopifyQL
//    through the app's own query, channel mapping and model (what the sessions job stores). An offline
//    session and a completed sync make the shop installed.
// 2. The built app runs as its own process (remix-serve); `connections` concurrent clients (keep-alive
//    fetch, each sending its next request when the last one answered — autocannon's model; autocannon
//    itself cannot be loaded under tsx: its get-intrinsic dependency breaks tsx's CJS loader) call each
//    page's loader (`?_data=<route id>`) with a valid session token for `seconds`, after one request to
//    every page and a one-second warm-up per page. Each request's latency is recorded; p50 and p95 are reported.
//    Each page's cpuMsPerRequest is the app process's CPU (user + system, /proc) over its timed seconds
//    per request: with one process serving every connection, p95 follows it, and load does not inflate it.
// Last line with --json: {"pages":{"<page>":{"p50Ms","p95Ms","cpuMsPerRequest"}},"worstP95Ms","failedPages",
// "customers","orders","reviews","npsAnswers","loadAverage", ...}; a page that fails makes worstP95Ms null
// and the exit status 1.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Prisma } from "@prisma/client";
import Database from "better-sqlite3";
import { ensureBuild } from "./bench-setup";
import { adminHeaders, loaderUrl, markInstalledAndSynced, timeLoader, type LoaderLatency } from "./loader-latency";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const JSON_OUTPUT = args.includes("--json");
const SCALE = flag("scale", 11);
const CONNECTIONS = flag("connections", 8);
const SECONDS = flag("seconds", 5);
const REPO = path.resolve(__dirname, "../..");
const BUILD_DIR = process.env.TSUNAGU_BUILD_DIR || "build";
const KEPT_DB = (() => {
  const i = args.indexOf("--db");
  return i >= 0 ? path.resolve(args[i + 1]) : null;
})();

/** Every admin page whose route file exists, by the name the report uses. */
const PAGES: { page: string; route: string; path: string }[] = [
  { page: "journey", route: "routes/app._index", path: "/app" },
  { page: "journey-365", route: "routes/app._index", path: "/app?period=365" },
  { page: "journey-map", route: "routes/app.journey-map", path: "/app/journey-map" },
  { page: "playbook", route: "routes/app.playbook", path: "/app/playbook" },
  { page: "segments", route: "routes/app.segments._index", path: "/app/segments" },
  { page: "segments-subscribers", route: "routes/app.segments._index", path: "/app/segments?subscriber=yes" },
  { page: "cohorts", route: "routes/app.cohorts", path: "/app/cohorts" },
  { page: "settings", route: "routes/app.settings._index", path: "/app/settings" },
  { page: "reviews", route: "routes/app.reviews", path: "/app/reviews" },
  { page: "acquisition", route: "routes/app.acquisition._index", path: "/app/acquisition" },
  { page: "acquisition-social", route: "routes/app.acquisition._index", path: "/app/acquisition?channel=social" },
  { page: "acquisition-csv", route: "routes/app.acquisition.csv", path: "/app/acquisition/csv" },
];

const log = (message: string) => {
  if (!JSON_OUTPUT) console.log(message);
  else console.error(message);
};

function applyMigrations(file: string): void {
  const db = new Database(file);
  const dir = path.join(REPO, "prisma/migrations");
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => /^\d{14}_/.test(n))
    .sort()) {
    db.exec(fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
  }
  db.close();
}

async function main() {
  const pages = PAGES.filter((p) => fs.existsSync(path.join(REPO, "app", `${p.route}.tsx`)));
  ensureBuild(BUILD_DIR);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-dashboard-"));
  const dbFile = KEPT_DB ?? path.join(dir, "bench.db");
  const seeded = KEPT_DB !== null && fs.existsSync(KEPT_DB);
  if (!seeded) applyMigrations(dbFile);
  // Before any app module is imported: db.server.ts reads DATABASE_URL once.
  process.env.DATABASE_URL = `file:${dbFile}`;

  const { seedCdnow } = await import("../emulator/seed-cdnow");
  const { abandonedCheckoutsOf } = await import("../emulator/resolvers-abandoned-checkouts");
  const { customerGid, orderGid, FINANCIAL_STATUSES } = await import("../emulator/store");
  const { default: prisma } = await import("../../app/db.server");
  const { registerShop, updateShopFacts } = await import("../../app/models/shop.server");
  const { upsertRows } = await import("../../app/models/upsert-rows.server");
  const { saveSegmentSnapshot } = await import("../../app/models/snapshot.server");
  const { getShopSettings } = await import("../../app/models/shop.server");
  const { classifyShop } = await import("../../app/domain/lifecycle");
  const { countByStage } = await import("../../app/domain/segment-summary");
  const { localDateString } = await import("../../app/domain/calendar");
  const { upsertOrders } = await import("../../app/models/order.server");
  const { refreshSegmentsAggregate } = await import("../../app/models/segments-report.server");
  const { saveCohorts } = await import("../../app/models/cohorts.server");
  const { saveThresholdSuggestion } = await import("../../app/models/settings-page.server");
  const { saveAbandonedCheckouts, rebuildJourneyDays } = await import("../../app/models/journey.server");
  const { startAppProcess } = await import("../helpers/app-process");
  const { freePort } = await import("../helpers/free-port");
  const { startEmulator } = await import("../emulator/server");
  const { registerApp } = await import("../emulator/app-config");
  const { TEST_APP } = await import("../helpers/test-app");

  let started = performance.now();
  const store = await seedCdnow({ scale: SCALE });
  const shop = store.domain;
  const now = store.now();
  log(
    `store: ${store.customerCount()} customers, ${store.orderCount()} orders (CDNOW × ${SCALE}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The store written into the database through the app's models (1. above).
  async function seed(): Promise<number> {
    started = performance.now();
    await registerShop(shop);
    await updateShopFacts(shop, { currencyCode: store.currencyCode, ianaTimezone: store.ianaTimezone });
    const C = store.customers;
    const O = store.orders;
    const BATCH = 20_000;
    // Stages as the recompute job would set them (the same domain call), written with the customer rows.
    const histories = Array.from({ length: C.length }, (_, i) => ({
      customerId: customerGid(C.id[i]),
      createdAt: new Date(C.createdAt[i]),
      orders: C.ordersOf(i).map((o) => ({
        id: orderGid(O.id[o]),
        customerId: customerGid(C.id[i]),
        processedAt: new Date(O.processedAt[o]),
        totalPrice: O.totalCents[o] / 100,
        totalRefunded: O.refundedCents[o] / 100,
        cancelled: !Number.isNaN(O.cancelledAt[o]),
        test: O.test[o] === 1,
        financialStatus: FINANCIAL_STATUSES[O.financial[o]],
      })),
    }));
    const { rules } = await getShopSettings(shop);
    const { segmentations } = classifyShop(histories, rules, { asOf: now, timeZone: store.ianaTimezone });
    const customerColumns = [
      "shop",
      "id",
      "shopifyCreatedAt",
      "shopifyUpdatedAt",
      "stage",
      "stageSince",
      "ordersCount",
      "netSpent",
      "firstOrderAt",
      "lastOrderAt",
      "syncedAt",
      "subscriber",
    ] as const;
    // CDNOW has no selling plans: every fourth customer with three orders or more is flagged an active
    // subscriber (Customer.subscriber), so the Segments page's subscriber filter and breakdown have rows.
    const flaggedSubscriber = (i: number, orders: number) => orders >= 3 && i % 4 === 0;
    for (let start = 0; start < C.length; start += BATCH) {
      const rows = [];
      for (let i = start; i < Math.min(C.length, start + BATCH); i++) {
        const s = segmentations.get(customerGid(C.id[i]))!;
        rows.push([
          shop,
          s.customerId,
          new Date(C.createdAt[i]),
          new Date(C.updatedAt[i]),
          s.stage,
          now,
          s.orders,
          s.netSpent,
          s.firstOrderAt,
          s.lastOrderAt,
          now,
          flaggedSubscriber(i, s.orders),
        ]);
      }
      await upsertRows("Customer", ["shop", "id"], customerColumns, rows);
      await prisma.segmentTransition.createMany({
        data: rows.map((r) => ({
          shop,
          customerId: r[1] as string,
          fromStage: null,
          toStage: r[4] as string,
          at: now,
          reason: "bench",
          flowNotifiedAt: now,
        })),
      });
    }
    await saveSegmentSnapshot(shop, localDateString(now, store.ianaTimezone), countByStage(segmentations.values()));
    for (let start = 0; start < O.length; start += BATCH) {
      const rows = [];
      for (let i = start; i < Math.min(O.length, start + BATCH); i++) {
        rows.push({
          id: orderGid(O.id[i]),
          customerId: O.customer[i] >= 0 ? customerGid(C.id[O.customer[i]]) : null,
          processedAt: new Date(O.processedAt[i]),
          shopifyUpdatedAt: new Date(O.updatedAt[i]),
          totalPrice: O.totalCents[i] / 100,
          totalRefunded: O.refundedCents[i] / 100,
          cancelled: !Number.isNaN(O.cancelledAt[i]),
          test: O.test[i] === 1,
          financialStatus: FINANCIAL_STATUSES[O.financial[i]],
          fulfilledAt: null,
        });
      }
      await upsertOrders(shop, rows);
    }
    const checkouts = abandonedCheckoutsOf(store);
    const checkoutRows = [];
    for (let r = 0; r < checkouts.length; r++) {
      if (checkouts.createdAt[r] > now.getTime()) continue;
      checkoutRows.push({
        id: `gid://shopify/AbandonedCheckout/${checkouts.id[r]}`,
        customerId: checkouts.customer[r] >= 0 ? customerGid(C.id[checkouts.customer[r]]) : null,
        createdAt: new Date(checkouts.createdAt[r]),
        completedAt: Number.isNaN(checkouts.completedAt[r]) ? null : new Date(checkouts.completedAt[r]),
        totalPrice: checkouts.totalCents[r] / 100,
      });
    }
    await saveAbandonedCheckouts(shop, checkoutRows);
    log(
      `rows written through the models in ${((performance.now() - started) / 1000).toFixed(1)} s (${checkoutRows.length} abandoned checkouts)`,
    );

    started = performance.now();
    await refreshSegmentsAggregate(shop, now, store.ianaTimezone);
    await saveCohorts(shop, histories, store.ianaTimezone, now);
    await saveThresholdSuggestion(shop, histories, store.ianaTimezone, now);
    log(`dashboard aggregates computed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Reviews and NPS answers as the storefront extensions store them (what the demo's shoppers send
    // through the app proxy), so the Reviews page and the journey's advocacy figures are timed on a shop
    // that has them: every 20th buyer reviews the first product of their first order a week after it
    // (one in seven held for moderation), and every 25th order is answered the day after. Written before
    // the journey rows are computed, as the daily refresh finds them (it counts their first acts).
    started = performance.now();
    const DAY = 86_400_000;
    const reviewRows: Prisma.ReviewCreateManyInput[] = [];
    const npsRows: Prisma.NpsAnswerCreateManyInput[] = [];
    for (let c = 0; c < C.length; c++) {
      const orders = C.ordersOf(c);
      const first = orders[0];
      if (c % 20 === 0 && first !== undefined && O.lineStart[first] < O.lineEnd[first])
        reviewRows.push({
          shop,
          customerId: customerGid(C.id[c]),
          productId: `gid://shopify/Product/${store.lines.product[O.lineStart[first]] + 1}`,
          orderId: orderGid(O.id[first]),
          rating: 1 + (c % 5),
          title: "Would buy again",
          body: "Arrived quickly and as described.",
          status: c % 7 === 0 ? "pending" : "published",
          createdAt: new Date(Math.min(O.processedAt[first] + 7 * DAY, now.getTime())),
        });
      for (const o of orders)
        if (O.id[o] % 25 === 0)
          npsRows.push({
            shop,
            customerId: customerGid(C.id[c]),
            orderId: orderGid(O.id[o]),
            score: O.id[o] % 11,
            comment: null,
            source: "thank-you",
            createdAt: new Date(Math.min(O.processedAt[o] + DAY, now.getTime())),
          });
    }
    for (let start = 0; start < reviewRows.length; start += 5_000)
      await prisma.review.createMany({ data: reviewRows.slice(start, start + 5_000) });
    for (let start = 0; start < npsRows.length; start += 5_000)
      await prisma.npsAnswer.createMany({ data: npsRows.slice(start, start + 5_000) });
    log(`${reviewRows.length} reviews and ${npsRows.length} NPS answers written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    started = performance.now();
    await rebuildJourneyDays(shop, store.ianaTimezone, now);
    log(`journey rows computed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Online store sessions by day and channel as the sessions job stores them from ShopifyQL (the
    // emulator's derived sessions, read page by page with the app's own query), so the journey home
    // measures awareness and consideration in sessions as a shop that grants them sees it.
    started = performance.now();
    const { parseShopifyql, runShopifyql } = await import("../emulator/shopifyql");
    const { sessionsQuery, toSessionsRow, SESSIONS_PAGE_ROWS } = await import("../../app/shopify/shopifyql.server");
    const { trafficByDayAndChannel } = await import("../../app/domain/touchpoints/session-channels");
    const { replaceTrafficDays } = await import("../../app/models/traffic.server");
    const { SESSIONS_HISTORY_DAYS } = await import("../../app/jobs/sync-sessions.server");
    const { localDay } = await import("../../app/domain/calendar");
    const lastSessionsDay = localDay(now, store.ianaTimezone) - 1;
    const sessionsRange = { from: lastSessionsDay - SESSIONS_HISTORY_DAYS + 1, to: lastSessionsDay };
    const sessionRows = [];
    for (let offset = 0; ; offset += SESSIONS_PAGE_ROWS) {
      const parsed = parseShopifyql(sessionsQuery({ ...sessionsRange, offset }));
      if (!parsed.ok) throw new Error(`sessions query: ${parsed.errors.join("; ")}`);
      const page = runShopifyql(store, parsed.query).rows;
      sessionRows.push(...page.map(toSessionsRow));
      if (page.length < SESSIONS_PAGE_ROWS) break;
    }
    const trafficRows = trafficByDayAndChannel(sessionRows, []);
    await replaceTrafficDays(shop, sessionsRange, trafficRows, now);
    log(`${trafficRows.length} days × channels of sessions written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // The journeys of every customer's first order as the emulator synthesizes them (docs/touchpoints.md §3),
    // and the products of their first and second orders, written as rows; then the acquisition report as
    // the sync computes it (what its page reads).
    started = performance.now();
    const { derivedJourneyOf } = await import("../emulator/resolvers-journeys");
    const { hostOf } = await import("../../app/domain/touchpoints/channels");
    const { refreshAcquisitionReport } = await import("../../app/jobs/acquisition-report.server");
    const journeyRows: Prisma.OrderJourneyCreateManyInput[] = [];
    const productRows: { shop: string; orderId: string; products: string }[] = [];
    for (let c = 0; c < C.length; c++) {
      const orders = C.ordersOf(c).sort((a, b) => O.processedAt[a] - O.processedAt[b] || O.id[a] - O.id[b]);
      orders.slice(0, 2).forEach((o) => {
        const products: [string, number][] = [];
        for (let l = O.lineStart[o]; l < O.lineEnd[o]; l++)
          products.push([`gid://shopify/Product/${store.lines.product[l] + 1}`, store.lines.quantity[l]]);
        productRows.push({ shop, orderId: orderGid(O.id[o]), products: JSON.stringify(products) });
      });
      const first = orders[0];
      const journey = first === undefined ? null : derivedJourneyOf(store, first);
      if (first === undefined || journey === null) continue;
      const visit = journey.visits[0]?.template;
      journeyRows.push({
        shop,
        orderId: orderGid(O.id[first]),
        origin: "summary",
        ready: journey.ready,
        customerOrderIndex: journey.customerOrderIndex,
        daysToConversion: journey.daysToConversion,
        momentsCount: journey.visits.length,
        firstSource: visit?.source ?? null,
        firstSourceType: visit?.sourceType ?? null,
        firstUtmSource: visit?.utm?.source ?? null,
        firstUtmMedium: visit?.utm?.medium ?? null,
        firstUtmCampaign: visit?.utm?.campaign ?? null,
        firstReferrerHost: hostOf(visit?.referrerUrl ?? null),
        firstOccurredAt: journey.visits[0] ? new Date(journey.visits[0].occurredAt) : null,
      });
    }
    for (let start = 0; start < journeyRows.length; start += 5_000)
      await prisma.orderJourney.createMany({ data: journeyRows.slice(start, start + 5_000) });
    for (let start = 0; start < productRows.length; start += 5_000)
      await prisma.orderProducts.createMany({ data: productRows.slice(start, start + 5_000) });
    log(
      `${journeyRows.length} first-order journeys and ${productRows.length} orders' products written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    started = performance.now();
    await refreshAcquisitionReport({ shop, asOf: now });
    const reportSeconds = Math.round((performance.now() - started) / 100) / 10;
    log(`acquisition report computed in ${reportSeconds} s`);

    started = performance.now();
    await markInstalledAndSynced(prisma, { shop, accessToken: store.accessToken, now });
    await prisma.$disconnect();
    log(`session and sync run written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return reportSeconds;
  }
  let acquisitionReportSeconds: number | null = null;
  if (!seeded) acquisitionReportSeconds = await seed();
  // What the journey's advocacy figures and the Reviews page are timed on (a kept database says its own).
  const advocacyRows = (() => {
    const db = new Database(dbFile, { readonly: true });
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const counts = { reviews: count("Review"), npsAnswers: count("NpsAnswer") };
    db.close();
    return counts;
  })();
  const port = await freePort();
  // The local Shopify serves the store too, so any background call of the app answers at once.
  const emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: `http://127.0.0.1:${port}` }), shops: [store] });
  const app = await startAppProcess({ port, emulatorUrl: emulator.url, databaseUrl: `file:${dbFile}`, now: now.toISOString() });
  const results: Record<string, LoaderLatency> = {};
  const loadBefore = os.loadavg()[0];
  const failures: Record<string, string> = {};
  try {
    // Every page once before any is timed: the app's start-up work (schedules, caches) is over by then.
    const warmUpHeaders = await adminHeaders(shop);
    for (const { route, path: pagePath } of pages) {
      await fetch(loaderUrl(app.url, pagePath, route), { headers: warmUpHeaders }).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      );
    }
    for (const { page, route, path: pagePath } of pages) {
      const url = loaderUrl(app.url, pagePath, route);
      const headers = await adminHeaders(shop);
      try {
        results[page] = await timeLoader(url, headers, { connections: CONNECTIONS, seconds: SECONDS, pid: app.child.pid });
        log(
          `${page.padEnd(12)} p50 ${results[page].p50Ms} ms  p95 ${results[page].p95Ms} ms  CPU ${results[page].cpuMsPerRequest} ms/request  (${results[page].requests} requests)`,
        );
      } catch (error) {
        // A page that fails is reported, not timed: the other pages still are.
        failures[page] = String(error instanceof Error ? error.message : error);
        log(`${page.padEnd(12)} FAILED: ${failures[page]}\n${app.output().slice(-1500)}`);
      }
    }
  } finally {
    await app.stop();
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // A failed page has no p95: the worst is unknown then (null), not the worst of the pages that answered.
  const failedPages = Object.keys(failures);
  const worstP95Ms = failedPages.length ? null : Math.max(...Object.values(results).map((r) => r.p95Ms));
  const summary = {
    pages: Object.fromEntries(
      Object.entries(results).map(([page, r]) => [page, { p50Ms: r.p50Ms, p95Ms: r.p95Ms, cpuMsPerRequest: r.cpuMsPerRequest }]),
    ),
    worstP95Ms,
    targetP95Ms: 100,
    failedPages: failures,
    customers: store.customerCount(),
    orders: store.orderCount(),
    ...advocacyRows,
    connections: CONNECTIONS,
    secondsPerPage: SECONDS,
    acquisitionReportSeconds,
    loadAverage: { before: Math.round(loadBefore * 100) / 100, after: Math.round(os.loadavg()[0] * 100) / 100 },
  };
  if (failedPages.length) log(`FAILED pages: ${failedPages.join(", ")} — no worst p95`);
  else log(`worst p95 ${worstP95Ms} ms (target ≤ 100 ms) with ${CONNECTIONS} concurrent connections`);
  if (JSON_OUTPUT) console.log(JSON.stringify(summary));
  return failedPages.length ? 1 : 0;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
