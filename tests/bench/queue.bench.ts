// npm run bench:queue [-- --burst 60 --shops 6 --per-shop 5 --json]
// The PostgreSQL queue under a burst: one shop enqueues --burst short jobs (20 ms each) while --shops
// other shops enqueue --per-shop each, worked by 2 worker processes (the real pg-boss queue with
// recording handlers, tests/helpers/queue-worker-child.ts). Measures the wall time from the first
// enqueue to the last job's end against the burst shop's own run time (its jobs run one at a time, so
// that is the least the wall can be), jobs started out of enqueue order or while another job of their
// shop ran (outOfOrder), and jobs applied more than once (twice). Last line with --json:
// {"jobs","jobSeconds","wallSeconds","outOfOrder","twice"}. Target: wall ≤ jobSeconds + 2, 0, 0.
// A throw-away PostgreSQL cluster is started from Debian's binaries unless TSUNAGU_TEST_POSTGRES_URL is set.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createPgBossQueue } from "../../app/queue/pg-boss-queue.server";
import type { JobHandlers } from "../../app/queue/job-types";
import { startTestPostgres } from "../setup/test-postgres.mjs";

const ROOT = path.resolve(__dirname, "../..");

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const BURST = option("burst", 60);
const SHOPS = option("shops", 6);
const PER_SHOP = option("per-shop", 5);
const JSON_OUTPUT = process.argv.includes("--json");
const BURST_SHOP = "burst.myshopify.com";

const log = (message: string) => (JSON_OUTPUT ? console.error(message) : console.log(message));

async function createDatabase(serverUrl: string): Promise<string> {
  const name = `tsunagu_bench_queue_${process.pid}`;
  const admin = new pg.Client({ connectionString: `${serverUrl.replace(/\/$/, "")}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return `${serverUrl.replace(/\/$/, "")}/${name}`;
}

function startWorker(databaseUrl: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/queue-worker-child.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, WORKER_NAME: name },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes(`ready ${name}`)) resolve(child);
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`worker ${name} exited (${code}):\n${output}`)));
  });
}

async function main() {
  const postgres = await startTestPostgres();
  if (!postgres) throw new Error("bench:queue needs PostgreSQL (Debian's server binaries, or TSUNAGU_TEST_POSTGRES_URL)");
  const workers: ChildProcess[] = [];
  try {
    const databaseUrl = await createDatabase(postgres.url);
    const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    await db.query(`CREATE TABLE queue_ledger (worker text, job text, shop text, event text, at timestamptz)`);
    await db.query(`CREATE TABLE queue_effects (job_key text PRIMARY KEY, worker text, applied int NOT NULL DEFAULT 1)`);
    workers.push(...(await Promise.all([startWorker(databaseUrl, "a"), startWorker(databaseUrl, "b")])));
    const web = createPgBossQueue({
      connectionString: databaseUrl,
      handlers: {} as JobHandlers,
      role: "web",
      expireInSeconds: 20,
      retryLimit: 3,
      retryDelaySeconds: 1,
    });
    await web.start();
    // Each shop's queue exists before the clock starts (created once per shop, at its first job ever).
    const shops = [BURST_SHOP, ...Array.from({ length: SHOPS }, (_, i) => `side-${i + 1}.myshopify.com`)];
    const jobs = shops.flatMap((shop) => Array.from({ length: shop === BURST_SHOP ? BURST : PER_SHOP }, (_, i) => ({ shop, n: i + 1 })));
    // Interleaved as they would arrive: the burst, with the other shops' jobs among it.
    jobs.sort((x, y) => x.n / (x.shop === BURST_SHOP ? BURST : PER_SHOP) - y.n / (y.shop === BURST_SHOP ? BURST : PER_SHOP));
    const seq = (n: number) => String(n).padStart(4, "0");

    const started = await db.query<{ at: Date }>("SELECT clock_timestamp() AS at");
    for (const { shop, n } of jobs) await web.enqueue("review-eligibility", { shop, customerId: seq(n) });
    const enqueuedMs = (await db.query<{ at: Date }>("SELECT clock_timestamp() AS at")).rows[0].at.getTime() - started.rows[0].at.getTime();
    for (;;) {
      const { rows } = await db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM queue_effects");
      if (rows[0].n >= jobs.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // a job run twice would show by now
    const ledger = await db.query<{ job: string; shop: string; event: string; at: Date }>(
      "SELECT job, shop, event, at FROM queue_ledger ORDER BY at",
    );
    const effects = await db.query<{ applied: number }>("SELECT applied FROM queue_effects");
    await web.stop();
    await db.end();

    let outOfOrder = 0;
    let burstRunMs = 0;
    for (const shop of shops) {
      const rows = ledger.rows.filter((r) => r.shop === shop);
      let previous = "";
      let running: Date | undefined;
      for (const row of rows) {
        if (row.event === "start") {
          if (row.job <= previous || running) {
            outOfOrder += 1;
            log(`  out of order: ${row.job} started ${running ? "while another job of its shop ran" : `after ${previous}`}`);
          }
          previous = row.job;
          running = row.at;
        } else {
          if (shop === BURST_SHOP && running) burstRunMs += row.at.getTime() - running.getTime();
          running = undefined;
        }
      }
    }
    const twice = effects.rows.reduce((sum, r) => sum + r.applied - 1, 0);
    const wallMs = ledger.rows[ledger.rows.length - 1].at.getTime() - started.rows[0].at.getTime();
    const result = {
      jobs: jobs.length,
      jobSeconds: Number((burstRunMs / 1000).toFixed(2)),
      wallSeconds: Number((wallMs / 1000).toFixed(2)),
      outOfOrder,
      twice,
    };
    log(
      `${jobs.length} jobs (${BURST} of one shop, ${SHOPS} × ${PER_SHOP} of others), 2 workers: enqueued in ${(enqueuedMs / 1000).toFixed(2)} s`,
    );
    log(
      `  burst shop's own run time ${result.jobSeconds} s, wall ${result.wallSeconds} s; out of order ${outOfOrder}, twice ${twice}; load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    if (JSON_OUTPUT) console.log(JSON.stringify(result));
  } finally {
    for (const child of workers) child.kill("SIGKILL");
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
