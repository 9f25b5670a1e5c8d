// A worker process for the pg-boss queue tests: the real queue (app/queue/pg-boss-queue.server.ts)
// with test handlers that record each run in a ledger table, so the parent test can see which
// worker ran what, when, and whether any effect was applied twice. Killed with SIGKILL by the test.
import pg from "pg";
import { createPgBossQueue } from "../../app/queue/pg-boss-queue.server";
import type { JobHandlers } from "../../app/queue/job-types";

const connectionString = process.env.DATABASE_URL!;
const workerName = process.env.WORKER_NAME ?? String(process.pid);
const jobMs = Number(process.env.JOB_MS ?? 300);
const ledger = new pg.Pool({ connectionString, max: 2 });

/** A job: record its start, work for jobMs, then apply its effect exactly once (keyed by the job's kind, shop and asOf). */
async function recordedJob(shop: string, key: string, ms = jobMs): Promise<void> {
  await ledger.query(`INSERT INTO queue_ledger (worker, job, shop, event, at) VALUES ($1, $2, $3, 'start', clock_timestamp())`, [
    workerName,
    key,
    shop,
  ]);
  await new Promise((resolve) => setTimeout(resolve, ms));
  await ledger.query(
    `INSERT INTO queue_effects (job_key, worker) VALUES ($1, $2) ON CONFLICT (job_key) DO UPDATE SET applied = queue_effects.applied + 1`,
    [key, workerName],
  );
  await ledger.query(`INSERT INTO queue_ledger (worker, job, shop, event, at) VALUES ($1, $2, $3, 'end', clock_timestamp())`, [
    workerName,
    key,
    shop,
  ]);
}

const handlers = {
  "initial-sync": ({ shop }: { shop: string }) => recordedJob(shop, `initial-sync:${shop}`),
  "daily-refresh": ({ shop, asOf }: { shop: string; asOf: string }) => recordedJob(shop, `daily-refresh:${shop}:${asOf}`),
  // Short: the burst of one shop beside other shops' jobs.
  "review-eligibility": ({ shop, customerId }: { shop: string; customerId: string }) =>
    recordedJob(shop, `review-eligibility:${shop}:${customerId}`, 20),
  // Fails every time: retried with backoff, then failed for good.
  reconcile: async ({ shop }: { shop: string }) => {
    await ledger.query(`INSERT INTO queue_ledger (worker, job, shop, event, at) VALUES ($1, 'reconcile', $2, 'start', clock_timestamp())`, [
      workerName,
      shop,
    ]);
    throw new Error("Shopify answered 401");
  },
} as unknown as JobHandlers;

const queue = createPgBossQueue({
  connectionString,
  handlers,
  role: "worker",
  concurrency: 2,
  expireInSeconds: 20,
  retryLimit: 3,
  retryDelaySeconds: 1,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
});

void queue.start().then(() => console.log(`ready ${workerName}`));
process.once("SIGTERM", () => void queue.stop().then(() => process.exit(0)));
