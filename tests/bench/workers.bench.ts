// npm run bench:workers [-- --shops 8 --workers 1,2,4 --customers N --json]
// Eight emulator shops (the Online Retail data, each with its own ids) backfilled and segmented on
// PostgreSQL with 1, 2 and 4 worker processes (`app/worker.ts`): wall time from enqueueing the eight
// initial syncs to the last one completed, and the speed-up. One web process receives the emulator's
// webhooks (TSUNAGU_ROLE=web: it only enqueues), built first when missing or older than app/. Needs PostgreSQL: a
// throw-away cluster is started from Debian's binaries unless TSUNAGU_TEST_POSTGRES_URL is set.
// The Prisma client is generated for PostgreSQL for the run and regenerated for SQLite after it.
import fs from "node:fs";
import os from "node:os";
import pg from "pg";
import { registerApp } from "../emulator/app-config";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { startEmulator } from "../emulator/server";
import type { EmulatedShop } from "../emulator/store";
import { startAppProcess } from "../helpers/app-process";
import { freePort } from "../helpers/free-port";
import { TEST_APP } from "../helpers/test-app";
import { startTestPostgres } from "../setup/test-postgres.mjs";
import { appEnvironment } from "../helpers/app-process";
import { createPostgresDatabase, ensureBuild, generatePrismaClient, startWorker, stopWorker } from "./bench-setup";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const SHOPS = Number(option("shops", "8"));
const WORKER_COUNTS = option("workers", "1,2,4").split(",").map(Number);
const CUSTOMERS = process.argv.includes("--customers") ? Number(option("customers", "0")) : undefined;
const JSON_OUTPUT = process.argv.includes("--json");
const NOW = STORES["online-retail"].now;

function log(message: string) {
  if (!JSON_OUTPUT) console.log(message);
  else console.error(message);
}

/** Installed, as after token exchange: an offline session and the shop row. */
async function install(databaseUrl: string, stores: EmulatedShop[]) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  for (const store of stores) {
    await db.query(`INSERT INTO "Session" ("id", "shop", "state", "isOnline", "scope", "accessToken") VALUES ($1, $2, '', false, $3, $4)`, [
      `offline_${store.domain}`,
      store.domain,
      "read_customers,write_customers,read_orders,read_all_orders,read_products",
      store.accessToken,
    ]);
    await db.query(`INSERT INTO "Shop" ("shop", "updatedAt") VALUES ($1, now())`, [store.domain]);
  }
  await db.end();
}

/** Shops whose first sync has completed, and the errors of failed attempts (the queue retries them). */
async function syncProgress(databaseUrl: string): Promise<{ completedShops: number; failures: string[] }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const completed = await db.query<{ n: number }>(`SELECT COUNT(DISTINCT "shop")::int AS n FROM "SyncRun" WHERE "status" = 'completed'`);
  const failed = await db.query<{ shop: string; error: string }>(`SELECT "shop", "error" FROM "SyncRun" WHERE "status" = 'failed'`);
  await db.end();
  return { completedShops: completed.rows[0].n, failures: failed.rows.map((r) => `${r.shop}: ${r.error}`) };
}

/** CPU seconds a process has used so far (Linux /proc: user + system clock ticks, 100 per second). */
function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds PostgreSQL's backends have used so far (the postmaster's children). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") total += cpuSecondsOf(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

async function runWith(workers: number, serverUrl: string): Promise<number> {
  const stores: EmulatedShop[] = [];
  const seeding = performance.now();
  for (let i = 0; i < SHOPS; i++) {
    // Each shop holds the whole Online Retail data under its own domain (rows are keyed by shop).
    stores.push(
      await seedOnlineRetail({
        domain: `bench-${i}.myshopify.com`,
        now: new Date(NOW),
        limitCustomers: CUSTOMERS,
        plan: { bucketSize: 20_000, restoreRate: 1_000 },
      }),
    );
  }
  // The Online Retail seed's load time (541,909 invoice lines), formerly a timing assertion in its test.
  log(`  seeded ${SHOPS} Online Retail shops in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const databaseUrl = await createPostgresDatabase(serverUrl, `tsunagu_bench_workers_${workers}`);
  const appPort = await freePort();
  const emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: `http://127.0.0.1:${appPort}` }), shops: stores });
  const web = await startAppProcess({ port: appPort, emulatorUrl: emulator.url, databaseUrl, now: NOW, env: { TSUNAGU_ROLE: "web" } });
  await install(databaseUrl, stores);
  // The web process's environment (SCOPES included: production requires it of every process).
  const env = appEnvironment({ port: appPort, emulatorUrl: emulator.url, databaseUrl, now: NOW });
  // Timed from the first enqueue: the workers' start (compiling TypeScript) is not part of it.
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env, log)));

  const { createPgBossQueue } = await import("../../app/queue/pg-boss-queue.server");
  const queue = createPgBossQueue({ connectionString: databaseUrl, handlers: {} as never, role: "web" });
  const started = performance.now();
  const cpuBefore = {
    workers: children.map((child) => cpuSecondsOf(child.pid!)),
    bench: process.cpuUsage(),
    postgres: postgresCpuSeconds(),
  };
  for (const store of stores) await queue.enqueue("initial-sync", { shop: store.domain }, { singletonKey: `initial-sync:${store.domain}` });
  let failures: string[];
  for (;;) {
    const progress = await syncProgress(databaseUrl);
    failures = progress.failures;
    if (progress.completedShops === SHOPS) break;
    if (performance.now() - started > 20 * 60_000)
      throw new Error(`not all syncs completed in 20 minutes; failures: ${failures.join("; ")}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  // Where the machine's time went: the workers, this process (mostly the emulator) and PostgreSQL
  // (every postgres process on the machine: other clusters count too).
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    workers: children.reduce((sum, child, i) => sum + cpuSecondsOf(child.pid!) - cpuBefore.workers[i], 0),
    emulator: (benchCpu.user + benchCpu.system) / 1e6,
    postgres: postgresCpuSeconds() - cpuBefore.postgres,
  };
  log(
    `  CPU: workers ${cpu.workers.toFixed(0)} s, emulator ${cpu.emulator.toFixed(0)} s, postgres ${cpu.postgres.toFixed(0)} s; load ${os.loadavg()[0].toFixed(1)}`,
  );
  for (const failure of failures) log(`  a failed attempt, retried by the queue: ${failure}`);
  await queue.stop();
  await Promise.all(children.map(stopWorker));
  await web.stop();
  await emulator.close();
  log(`${workers} worker(s): ${SHOPS} shops synced in ${seconds.toFixed(1)} s`);
  return seconds;
}

async function main() {
  ensureBuild(); // the web process runs the built app
  const postgres = await startTestPostgres();
  if (!postgres) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql) and TSUNAGU_TEST_POSTGRES_URL is not set.");
  generatePrismaClient("postgres");
  const seconds: Record<string, number> = {};
  try {
    for (const workers of WORKER_COUNTS) seconds[String(workers)] = Number((await runWith(workers, postgres.url)).toFixed(2));
  } finally {
    generatePrismaClient("sqlite");
    await postgres.stop();
  }
  const base = seconds[String(WORKER_COUNTS[0])];
  for (const workers of WORKER_COUNTS.slice(1)) log(`speed-up with ${workers} workers: ×${(base / seconds[String(workers)]).toFixed(2)}`);
  console.log(JSON.stringify({ shops: SHOPS, seconds }));
  process.exit(0);
}

void main();
