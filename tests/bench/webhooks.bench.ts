// bench:webhooks — webhook intake under load. The built app runs as its own process (server.mjs, as
// `npm start` runs it) against the emulator; this program plays Shopify: from a thread of its own
// (webhook-sender-thread.mjs, so the emulator's work here never delays a send) it delivers signed
// orders/create webhooks at a steady rate (open loop: a slow answer does not slow the sender), 10 % of
// them a second delivery of an event already sent (same X-Shopify-Event-Id, new X-Shopify-Webhook-Id,
// as Shopify's retries are).
//
// Measured: every first delivery's status and time (errors, p99); failed deliveries are then retried
// as Shopify retries them (same event id, a few rounds); once the app's queue has drained, each distinct
// event is checked in the database — applied (its order row exists and its WebhookEvent is processed),
// lost (not applied), or applied twice (a repeat recorded as an event of its own).
//
//   npm run bench:webhooks [-- --rate 200 --seconds 60 --customers 100 --plan plus] [--json]
//     [--load backfill --load-customers 20000]  a second shop installs as the sending starts: its
//                                               backfill (bulk reads, segments) runs beside the intake
//     [--postgres --workers 1]                   PostgreSQL: the app process only takes webhooks in
//                                               (TSUNAGU_ROLE=web) and worker processes (app/worker.ts)
//                                               do the work; without it, SQLite: the app process takes
//                                               webhooks in and the worker process it starts does the work
//
// Needs a build: TSUNAGU_BUILD_DIR (default build/) is built first when its index.js is missing.
// --postgres starts a throw-away cluster (Debian's binaries) unless TSUNAGU_TEST_POSTGRES_URL is set,
// and generates the Prisma client for PostgreSQL for the run (for SQLite again after it).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { planNamed } from "../emulator/plans";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { webhookHmac } from "../emulator/webhook-delivery";
import { orderWebhookPayload } from "../emulator/webhook-payloads";
import type { ChildProcess } from "node:child_process";
import { appEnvironment } from "../helpers/app-process";
import { startLocalShopify } from "../helpers/local-shopify";
import { TEST_APP } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";
import { startTestPostgres } from "../setup/test-postgres.mjs";
import {
  createPostgresDatabase,
  ensureBuild,
  generatePrismaClient,
  migratedDatabase,
  percentile,
  startWorker,
  stopWorker,
} from "./bench-setup";

const NOW = "2026-11-20T03:00:00.000Z";
const DUPLICATE_SHARE = 0.1;
/** Shopify gives up on a delivery after 5 s. */
const SHOPIFY_TIMEOUT_MS = 5_000;
const RETRY_ROUNDS = 3;
const RETRY_CONCURRENCY = 10;
const DRAIN_STALL_MS = 60_000;

interface Options {
  rate: number;
  seconds: number;
  customers: number;
  plan: string;
  json: boolean;
  load: "none" | "backfill";
  loadCustomers: number;
  postgres: boolean;
  workers: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    rate: 200,
    seconds: 60,
    customers: 100,
    plan: "plus",
    json: false,
    load: "none",
    loadCustomers: 20_000,
    postgres: false,
    workers: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") options.json = true;
    else if (arg === "--postgres") options.postgres = true;
    else if (arg === "--workers") options.workers = Number(argv[++i]);
    else if (arg === "--load-customers") options.loadCustomers = Number(argv[++i]);
    else if (arg === "--load") {
      const load = argv[++i];
      if (load !== "none" && load !== "backfill") throw new Error(`--load is none or backfill, not ${load}`);
      options.load = load;
    } else if (arg === "--rate") options.rate = Number(argv[++i]);
    else if (arg === "--seconds") options.seconds = Number(argv[++i]);
    else if (arg === "--customers") options.customers = Number(argv[++i]);
    else if (arg === "--plan") options.plan = String(argv[++i]);
    else throw new Error(`Unknown argument ${arg}`);
  }
  for (const key of ["rate", "seconds", "customers", "loadCustomers", "workers"] as const) {
    if (!(options[key] > 0)) throw new Error(`--${key} must be a positive number`);
  }
  planNamed(options.plan);
  return options;
}

interface Delivery {
  eventId: string;
  orderGid: string;
  body: string;
  duplicate: boolean;
}

interface Sent {
  status: number;
  ms: number;
}

/** One event per new order; every tenth delivery repeats an earlier event (Shopify's retry). */
function planDeliveries(total: number, makeOrder: (index: number) => { gid: string; body: string }): Delivery[] {
  const deliveries: Delivery[] = [];
  const originals: Delivery[] = [];
  for (let i = 0; i < total; i++) {
    const isDuplicate = originals.length > 0 && (i + 1) % Math.round(1 / DUPLICATE_SHARE) === 0;
    if (isDuplicate) {
      // Repeat an event sent a little earlier, so some repeats land while the first is still queued.
      const original = originals[Math.max(0, originals.length - 1 - (i % 50))];
      deliveries.push({ ...original, duplicate: true });
      continue;
    }
    const order = makeOrder(originals.length);
    const delivery = { eventId: crypto.randomUUID(), orderGid: order.gid, body: order.body, duplicate: false };
    originals.push(delivery);
    deliveries.push(delivery);
  }
  return deliveries;
}

async function deliver(appUrl: string, shop: string, delivery: Delivery): Promise<Sent> {
  const started = performance.now();
  try {
    const response = await fetch(`${appUrl}/webhooks/orders/create`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-Sha256": webhookHmac(delivery.body, TEST_APP.apiSecret),
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": crypto.randomUUID(),
        "X-Shopify-Event-Id": delivery.eventId,
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
      body: delivery.body,
      signal: AbortSignal.timeout(SHOPIFY_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

/** The deliveries, sent at `rate` per second by tests/bench/webhook-sender-thread.mjs in a thread of its own. */
function sendFromItsOwnThread(
  appUrl: string,
  shop: string,
  deliveries: Delivery[],
  rate: number,
): Promise<{ results: Sent[]; sendSeconds: number; lateMsMax: number }> {
  const sender = new Worker(path.join(__dirname, "webhook-sender-thread.mjs"), {
    workerData: {
      url: `${appUrl}/webhooks/orders/create`,
      shop,
      rate,
      timeoutMs: SHOPIFY_TIMEOUT_MS,
      deliveries: deliveries.map(({ eventId, body }) => ({ eventId, body, hmac: webhookHmac(body, TEST_APP.apiSecret) })),
    },
  });
  return new Promise((resolve, reject) => {
    sender.once("message", resolve);
    sender.once("error", reject);
  });
}

/** The app process's worker processes (the build's worker.js), from Linux /proc. */
function workerProcessesOf(appPid: number): number[] {
  return fs.readdirSync("/proc").flatMap((entry) => {
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      return ppid === appPid && fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("worker.js") ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** CPU seconds a process has used so far (Linux /proc; NaN elsewhere). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return NaN;
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(options.json ? `# ${line}` : line);
  ensureBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-webhooks-bench-"));
  const postgres = options.postgres ? await startTestPostgres() : null;
  if (options.postgres && !postgres)
    throw new Error("PostgreSQL is not installed (apt-get install -y postgresql) and TSUNAGU_TEST_POSTGRES_URL is not set.");
  if (postgres) generatePrismaClient("postgres");
  process.env.DATABASE_URL = postgres ? await createPostgresDatabase(postgres.url, "tsunagu_bench_webhooks") : migratedDatabase(dir);
  // The Prisma client reads DATABASE_URL when it is first imported.
  const { default: prisma } = await import("../../app/db.server");
  const { moveWebhookInbox } = await import("../../app/models/webhook-event.server");
  const mode = postgres
    ? `PostgreSQL, intake in the web process, work in ${options.workers} worker process(es)`
    : "SQLite, intake in the web process (into the webhook inbox), work in the worker process it starts";
  log(`mode: ${mode}; load: ${options.load === "backfill" ? `a backfill of ${options.loadCustomers} customers` : "none"}`);

  const store = createEmptyShop({
    domain: "webhooks-bench.myshopify.com",
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    now: new Date(NOW),
    plan: planNamed(options.plan),
  });
  const customers = Array.from({ length: options.customers }, () => store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" }));
  const loadShop = options.load === "backfill" ? backfillLoadShop(options.loadCustomers) : null;
  const shopify = await startLocalShopify({
    shops: loadShop ? [store, loadShop] : [store],
    now: NOW,
    appEnv: postgres ? { TSUNAGU_ROLE: "web" } : undefined,
  });
  let workers: ChildProcess[] = [];
  try {
    if (postgres) {
      const env = appEnvironment({
        port: Number(new URL(shopify.app.url).port),
        emulatorUrl: shopify.emulator.url,
        databaseUrl: process.env.DATABASE_URL!,
        now: NOW,
      });
      workers = await Promise.all(Array.from({ length: options.workers }, () => startWorker(env, log)));
    }
    if ((await shopify.openApp(store.domain)).status !== 200) throw new Error("The app did not install");
    await waitFor(() => prisma.syncRun.findFirst({ where: { shop: store.domain, status: "completed" } }), {
      timeoutMs: 300_000,
      what: "the first sync",
    });
    // Let the jobs queued after the install (history, predictions, checkouts) finish before timing.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    log(`installed and synced: ${customers.length} customers`);

    const total = Math.round(options.rate * options.seconds);
    const processedAt = new Date(Date.parse(NOW) - 3_600_000).toISOString();
    const deliveries = planDeliveries(total, (index) => {
      const gid = store.addOrder({
        customerId: customers[index % customers.length],
        processedAt,
        lineItems: [{ sku: `SKU-${index % 7}`, quantity: 1 + (index % 3), unitPrice: 1200 + (index % 5) * 100 }],
      });
      return { gid, body: JSON.stringify(orderWebhookPayload(store, gid)) };
    });
    const unique = deliveries.filter((d) => !d.duplicate);
    log(`sending ${total} orders/create deliveries at ${options.rate}/s for ${options.seconds} s (${total - unique.length} duplicates)`);

    // The load starts with the sending: the second shop installs, and its backfill is queued.
    let loadSyncSeconds: number | null = null;
    const loadStarted = performance.now();
    const loadDone = loadShop
      ? (async () => {
          if ((await shopify.openApp(loadShop.domain)).status !== 200) throw new Error("The load shop did not install");
          await waitFor(() => prisma.syncRun.findFirst({ where: { shop: loadShop.domain, status: "completed" } }), {
            timeoutMs: 900_000,
            intervalMs: 500,
            what: "the load shop's backfill",
          });
          loadSyncSeconds = (performance.now() - loadStarted) / 1000;
        })()
      : Promise.resolve();
    const appCpuBefore = cpuSecondsOf(shopify.app.child.pid);
    // On SQLite the worker is the app process's child.
    const workerPids: number[] = postgres ? workers.map((worker) => worker.pid!) : workerProcessesOf(shopify.app.child.pid!);
    const workersCpuBefore = workerPids.map(cpuSecondsOf);
    const benchCpuBefore = process.cpuUsage();
    const { results, sendSeconds, lateMsMax } = await sendFromItsOwnThread(shopify.app.url, store.domain, deliveries, options.rate);
    const appCpuSending = cpuSecondsOf(shopify.app.child.pid) - appCpuBefore;
    const workersCpuSending = workerPids.reduce((sum, pid, i) => sum + cpuSecondsOf(pid) - workersCpuBefore[i], 0);
    const loadBusyThroughSending = loadShop !== null && loadSyncSeconds === null;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const benchCpuSending = (benchCpu.user + benchCpu.system) / 1e6;
    const accepted = results.filter((r) => r.status >= 200 && r.status < 300).length;
    const errors = results.length - accepted;
    const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
    const p99Ms = Math.round(percentile(sorted, 99));
    log(
      `sent ${results.length} in ${sendSeconds.toFixed(1)} s: accepted ${accepted}, errors ${errors}, ` +
        `p50 ${Math.round(percentile(sorted, 50))} ms, p99 ${p99Ms} ms, max ${Math.round(sorted.at(-1)!)} ms; ` +
        `the web process used ${appCpuSending.toFixed(1)} CPU s meanwhile (${((appCpuSending * 1000) / results.length).toFixed(2)} ms per delivery), ` +
        `the worker(s) ${workersCpuSending.toFixed(1)} CPU s, this sender and the emulator ${benchCpuSending.toFixed(1)} CPU s; load average ${os.loadavg()[0].toFixed(1)}`,
    );
    if (loadShop)
      log(
        loadBusyThroughSending
          ? "the load's backfill was still running when the sending ended"
          : `the load's backfill ended ${loadSyncSeconds!.toFixed(1)} s after it started, before the sending did`,
      );

    // Shopify retries a delivery that failed or took longer than 5 s (same event id). So does this
    // bench, a few rounds, a few at a time: "lost" then means never applied, not "first try timed out".
    let failed = deliveries.filter((_, i) => results[i].status < 200 || results[i].status >= 300);
    for (let round = 1; round <= RETRY_ROUNDS && failed.length > 0; round++) {
      const stillFailing: Delivery[] = [];
      for (let i = 0; i < failed.length; i += RETRY_CONCURRENCY) {
        const batch = failed.slice(i, i + RETRY_CONCURRENCY);
        const answers = await Promise.all(batch.map((delivery) => deliver(shopify.app.url, store.domain, delivery)));
        answers.forEach((answer, j) => {
          if (answer.status < 200 || answer.status >= 300) stillFailing.push(batch[j]);
        });
      }
      log(`retry round ${round}: ${failed.length} redelivered, ${stillFailing.length} still failing`);
      failed = stillFailing;
    }

    const drainStarted = performance.now();
    // Draining may take long; making no progress for a minute is a stall, reported with the app's errors.
    let fewestWaiting = Number.POSITIVE_INFINITY;
    let progressAt = performance.now();
    for (;;) {
      // On SQLite, deliveries still in the webhook inbox count as waiting (the worker moves them).
      await moveWebhookInbox();
      const waiting = await prisma.webhookEvent.count({ where: { shop: store.domain, processedAt: null } });
      if (waiting === 0) break;
      if (waiting < fewestWaiting) [fewestWaiting, progressAt] = [waiting, performance.now()];
      if (performance.now() - progressAt > DRAIN_STALL_MS) throw new Error(`The webhook queue stalled with ${waiting} events not applied`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    log(`queue drained in ${drainSeconds.toFixed(1)} s`);

    const uniqueOrderIds = unique.map((d) => d.orderGid);
    const storedOrders = new Set<string>();
    for (let i = 0; i < uniqueOrderIds.length; i += 500) {
      const rows = await prisma.order.findMany({
        where: { shop: store.domain, id: { in: uniqueOrderIds.slice(i, i + 500) } },
        select: { id: true },
      });
      rows.forEach((row) => storedOrders.add(row.id));
    }
    const events = await prisma.webhookEvent.findMany({
      where: { shop: store.domain, topic: "orders/create" },
      select: { eventId: true, processedAt: true },
    });
    const rowsByEvent = new Map<string, number>();
    const processedEvents = new Set<string>();
    for (const event of events) {
      rowsByEvent.set(event.eventId, (rowsByEvent.get(event.eventId) ?? 0) + 1);
      if (event.processedAt) processedEvents.add(event.eventId);
    }
    const applied = unique.filter((d) => storedOrders.has(d.orderGid) && processedEvents.has(d.eventId)).length;
    // A repeat recorded as an event of its own (keyed by anything but the event id) is applied twice.
    const uniqueEventIds = new Set(unique.map((d) => d.eventId));
    const duplicatesApplied =
      events.filter((event) => !uniqueEventIds.has(event.eventId)).length + [...rowsByEvent.values()].filter((rows) => rows > 1).length;
    await loadDone;
    if (loadShop) log(`the load's backfill took ${loadSyncSeconds!.toFixed(1)} s`);
    const summary = {
      sent: results.length,
      errors,
      p99Ms,
      applied,
      lost: unique.length - applied,
      duplicatesApplied,
      mode: postgres ? `postgres-web+${options.workers}-workers` : "sqlite-web+worker",
      p50Ms: Math.round(percentile(sorted, 50)),
      maxMs: Math.round(sorted.at(-1)!),
      sendSeconds: Number(sendSeconds.toFixed(1)),
      // How far behind its schedule the sender itself fell (a busy machine starves it too).
      senderLateMsMax: Math.round(lateMsMax),
      drainSeconds: Number(drainSeconds.toFixed(1)),
      webCpuMsPerDelivery: Number(((appCpuSending * 1000) / results.length).toFixed(2)),
      // CPU seconds while sending: what a busy machine does not inflate (wall and latency it does).
      webCpuSeconds: Number(appCpuSending.toFixed(1)),
      workerCpuSeconds: Number(workersCpuSending.toFixed(1)),
      senderCpuSeconds: Number(benchCpuSending.toFixed(1)),
      loadAverage: Number(os.loadavg()[0].toFixed(1)),
      load: options.load,
      loadBusyThroughSending,
      loadSyncSeconds: loadSyncSeconds === null ? null : Number((loadSyncSeconds as number).toFixed(1)),
    };
    log(
      `events: ${unique.length} distinct, applied exactly once ${applied}, lost ${summary.lost}, applied twice ${duplicatesApplied} ` +
        `(targets: 0 errors, p99 < 1000 ms, 0 lost, 0 applied twice)`,
    );
    if (options.json) console.log(JSON.stringify(summary));
  } catch (error) {
    const appErrors = shopify.app
      .output()
      .split("\n")
      .filter((line) => /error|failed/i.test(line));
    throw new Error(`${String(error)}\napp errors:\n${appErrors.slice(-20).join("\n")}`, { cause: error });
  } finally {
    await Promise.all(workers.map(stopWorker));
    await shopify.stop();
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
    if (postgres) {
      generatePrismaClient("sqlite");
      await postgres.stop();
    }
  }
}

/** A second shop whose backfill is the concurrent load: `customers` customers with 1–4 orders each. */
function backfillLoadShop(customers: number): EmulatedShop {
  const shop = createEmptyShop({
    domain: "load-backfill.myshopify.com",
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    now: new Date(NOW),
    plan: planNamed("plus"),
  });
  for (let c = 0; c < customers; c++) {
    const customerId = shop.addCustomer({ createdAt: "2024-01-01T00:00:00Z" });
    for (let n = 0; n <= c % 4; n++) {
      const processedAt = new Date(Date.parse(NOW) - (5 + ((c * 7 + n * 97) % 700)) * 86_400_000).toISOString();
      shop.addOrder({
        customerId,
        processedAt,
        lineItems: [{ sku: `LOAD-${(c + n) % 40}`, quantity: 1 + (n % 2), unitPrice: 1500 + ((c + n) % 9) * 250 }],
      });
    }
  }
  return shop;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
