// The job queue for deployments on PostgreSQL (docs/decisions/031-per-shop-queues.md): pg-boss stores
// the jobs in the same database, so any number of web processes (which only enqueue) and workers
// (`npm run worker`) can run at once. The guarantees of the in-process queue hold across processes,
// each from one of pg-boss's own mechanisms:
//  - jobs of one shop run one at a time: every shop has its own pg-boss queue with the "singleton"
//    policy (a unique index admits one active job per queue, whichever worker fetches it);
//  - jobs of one shop run in the order they were enqueued: pg-boss fetches a queue's oldest job first,
//    and a worker draining a shop stops at a job waiting for its retry instead of passing it;
//  - other shops are not held up: a worker is told which shop has work by a "wake" job (one queue for
//    all shops, "short" policy: at most one waiting wake per shop), so no worker waits on a busy shop
//    and nothing is put back to be polled again;
//  - a waiting job with the same singletonKey is not enqueued twice (checked under the shop's lock);
//  - a failed job is retried with backoff a bounded number of times, then stays "failed" in pg-boss's
//    table (kept 7 days), listed in the admin (settings → Jobs), and the shop's next job runs;
//  - a killed worker's job expires (expireInSeconds) and is retried by another worker;
//  - schedules are pg-boss cron schedules, registered once in the database however many processes start.
import PgBoss from "pg-boss";
import pg from "pg";
import { appNow } from "../clock.server";
import type { EnqueueOptions, FailedJob, JobHandlers, JobName, JobPayloads, JobQueue } from "./job-types";

const SHOP_QUEUE_PREFIX = "tsunagu-shop-";
/** "This shop has jobs": the one queue every worker polls. */
const WAKE_QUEUE = "tsunagu-wake";
const SCHEDULE_PREFIX = "schedule-";
/** A shop with due jobs and no wake waiting (e.g. its wake failed for good) is woken this often. */
const SWEEP_EVERY_MS = 60_000;

/** What is stored as a pg-boss job's data. */
interface StoredJob {
  job: JobName;
  /** The singletonKey it was enqueued with, if any. */
  key?: string;
  payload: JobPayloads[JobName];
}

interface Wake {
  shop: string;
}

export interface PgBossQueueOptions {
  connectionString: string;
  handlers: JobHandlers;
  /** "web" only enqueues; "worker" processes jobs and runs the schedules; "all" does both. */
  role: "web" | "worker" | "all";
  /** Shops one worker process drains at once. */
  concurrency?: number;
  /** A job not finished within this time (e.g. its worker was killed) is retried. */
  expireInSeconds?: number;
  /** Retries after the first attempt; then the job is set aside as failed. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  pollingIntervalSeconds?: number;
  /** How often expired jobs are found and retried (pg-boss's maintenance; default 2 minutes). */
  maintenanceIntervalSeconds?: number;
}

const shopQueueName = (shop: string) => SHOP_QUEUE_PREFIX + shop;

/** Cron for a schedule every `everyMs` (pg-boss cron has minute resolution). */
function cronFor(everyMs: number): string {
  const minutes = Math.max(1, Math.round(everyMs / 60_000));
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.max(1, Math.round(minutes / 60));
  return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
}

export function createPgBossQueue(options: PgBossQueueOptions): JobQueue {
  const {
    connectionString,
    handlers,
    role,
    concurrency = 2,
    expireInSeconds = 30 * 60,
    retryLimit = 5,
    retryDelaySeconds = 5,
    pollingIntervalSeconds = 0.5,
    maintenanceIntervalSeconds = 120,
  } = options;
  const processes = role !== "web";
  const boss = new PgBoss({ connectionString, schedule: processes, supervise: processes, maintenanceIntervalSeconds, max: 4 });
  boss.on("error", (error) => console.error("[tsunagu] pg-boss:", error));
  // Enqueue transactions (the shop's lock), the drain's look-ahead and the failed-jobs list.
  const db = new pg.Pool({ connectionString, max: concurrency + 2 });
  const scheduled = new Set<string>();
  const createdQueues = new Set<string>();
  const retry = { retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, expireInSeconds };
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  // Creating a queue creates tables: processes starting together would deadlock, so they take turns.
  async function ensureQueue(name: string, policy: "singleton" | "short"): Promise<void> {
    if (createdQueues.has(name)) return;
    const client = await db.connect();
    try {
      await client.query("SELECT pg_advisory_lock(hashtext('tsunagu:create-queues'))");
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy, ...retry });
      createdQueues.add(name);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('tsunagu:create-queues'))");
      client.release();
    }
  }

  /** Wake a worker for the shop now, or at `at` (a job waiting for its retry). One waiting wake of each kind per shop. */
  async function wake(shop: string, at?: Date): Promise<void> {
    await boss.send(WAKE_QUEUE, { shop } satisfies Wake, { singletonKey: at ? `${shop}|later` : shop, ...(at ? { startAfter: at } : {}) });
  }

  /** The shop's oldest waiting job (pg-boss's fetch order): none, due now, or waiting for its retry. */
  async function headOf(shop: string, client: pg.PoolClient): Promise<{ due: boolean; startAfter: Date } | undefined> {
    const { rows } = await client.query<{ due: boolean; start_after: Date }>(
      // pg-boss's "due" is start_after < now().
      `SELECT start_after < now() AS due, start_after FROM pgboss.job
        WHERE name = $1 AND state < 'active' ORDER BY priority DESC, created_on, id LIMIT 1`,
      [shopQueueName(shop)],
    );
    return rows[0] && { due: rows[0].due, startAfter: rows[0].start_after };
  }

  /**
   * Run the shop's due jobs back to back, oldest first. One worker drains a shop at a time: it holds
   * the shop's advisory lock (a session lock, gone with a killed worker's connection), and a worker
   * woken for a shop that is being drained leaves at once — the drainer looks at the queue again after
   * letting go, so a job enqueued meanwhile is not missed. (pg-boss's singleton policy also refuses a
   * second active job of the shop, e.g. a retry of a run that outlived its expiry.)
   */
  async function drain(shop: string): Promise<void> {
    const lock = `tsunagu-shop:${shop}`;
    const client = await db.connect();
    try {
      for (;;) {
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [lock]);
        if (!rows[0].locked) return;
        try {
          await drainLocked(shop, client);
        } finally {
          await client.query("SELECT pg_advisory_unlock(hashtext($1))", [lock]);
        }
        if (stopped || !(await headOf(shop, client))?.due) return;
      }
    } finally {
      client.release();
    }
  }

  /**
   * Until none is due: fetch the oldest job, run it, complete or fail it. Stops at a job waiting for
   * its retry (a wake is set for when it is due: order holds across retries). A long drain hands the
   * shop on to a fresh wake before its own wake expires (pg-boss would give up on it).
   */
  async function drainLocked(shop: string, client: pg.PoolClient): Promise<void> {
    const queue = shopQueueName(shop);
    const handOnAt = Date.now() + (expireInSeconds * 1000) / 2;
    const onClient = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
    for (;;) {
      // Stopping (SIGTERM): the running job finished; the shop's next one is left to another worker.
      if (stopped || Date.now() > handOnAt) return wake(shop);
      const head = await headOf(shop, client);
      if (!head) return;
      if (!head.due) return wake(shop, head.startAfter);
      // Nothing while a job of the shop is still active (its worker was killed: it expires, then is retried).
      const [job] = await boss.fetch<StoredJob>(queue, { batchSize: 1, db: onClient });
      if (!job) return;
      try {
        await (handlers[job.data.job] as (data: unknown) => Promise<void>)(job.data.payload);
        await boss.complete(queue, job.id, {}, { db: onClient });
      } catch (error) {
        console.error(`[tsunagu] job ${job.data.job} of ${shop} failed:`, error);
        const failure = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
        await boss.fail(queue, job.id, failure, { db: onClient });
      }
    }
  }

  /** Wake every shop that has a due job (after an outage, or a wake that failed for good). */
  async function sweep(): Promise<void> {
    const { rows } = await db.query<{ name: string }>(
      `SELECT DISTINCT name FROM pgboss.job WHERE name LIKE '${SHOP_QUEUE_PREFIX}%' AND state < 'active' AND start_after <= now()`,
    );
    for (const { name } of rows) await wake(name.slice(SHOP_QUEUE_PREFIX.length));
  }

  async function startWorkers(): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      await boss.work<Wake>(WAKE_QUEUE, { batchSize: 1, pollingIntervalSeconds }, ([job]) => drain(job.data.shop));
    }
    await registerSchedule("sweep", SWEEP_EVERY_MS, sweep);
    await sweep();
  }

  async function registerSchedule(name: string, everyMs: number, tick: (now: Date) => Promise<void>): Promise<void> {
    const queue = SCHEDULE_PREFIX + name;
    await ensureQueue(queue, "short");
    await boss.work(queue, { batchSize: 1, pollingIntervalSeconds }, async () => tick(appNow()));
    await boss.schedule(queue, cronFor(everyMs));
  }

  const queue: JobQueue = {
    async start() {
      started ??= (async () => {
        await boss.start();
        await ensureQueue(WAKE_QUEUE, "short");
        if (processes) await startWorkers();
      })();
      await started;
    },
    async enqueue<N extends JobName>(name: N, data: JobPayloads[N], enqueueOptions: EnqueueOptions = {}) {
      await queue.start();
      const shopQueue = shopQueueName(data.shop);
      await ensureQueue(shopQueue, "singleton");
      const key = enqueueOptions.singletonKey;
      const client = await db.connect();
      try {
        // The shop's enqueue lock makes "not already waiting" and the insert one step across processes.
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`tsunagu-enqueue:${data.shop}`]);
        const waiting = key
          ? await client.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND state = 'created' AND data->>'key' = $2 LIMIT 1`, [
              shopQueue,
              key,
            ])
          : undefined;
        const inTransaction = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
        if (!waiting?.rowCount) await boss.send(shopQueue, { job: name, key, payload: data } satisfies StoredJob, { db: inTransaction });
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
      await wake(data.shop);
    },
    async drain() {
      await queue.start();
      for (;;) {
        const { rows } = await db.query<{ n: number }>(
          `SELECT COUNT(*)::int AS n FROM pgboss.job WHERE (name LIKE '${SHOP_QUEUE_PREFIX}%' OR name = $1) AND state < 'completed'`,
          [WAKE_QUEUE],
        );
        if (rows[0].n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    schedule(name: string, everyMs: number, tick: (now: Date) => Promise<void>) {
      if (!processes || scheduled.has(name)) return;
      scheduled.add(name);
      void queue
        .start()
        .then(() => registerSchedule(name, everyMs, tick))
        .catch((error) => console.error(`[tsunagu] schedule ${name} failed:`, error));
    },
    /** Finish the running jobs (pg-boss waits up to 30 s) and close the connections; safe to call twice. */
    stop() {
      stopped ??= (async () => {
        if (started) {
          await started.catch(() => {});
          await boss.stop({ graceful: true, wait: true });
        }
        await db.end();
      })();
      return stopped;
    },
    async failedJobs(shop: string): Promise<FailedJob[]> {
      await queue.start();
      const { rows } = await db.query<{ job: JobName; completed_on: Date; output: unknown }>(
        `SELECT data->>'job' AS job, completed_on, output FROM pgboss.job
          WHERE name = $1 AND state = 'failed' ORDER BY completed_on DESC LIMIT 20`,
        [shopQueueName(shop)],
      );
      return rows.map((row) => ({
        name: row.job,
        failedAt: row.completed_on.toISOString(),
        error: String((row.output as { message?: string } | null)?.message ?? JSON.stringify(row.output)),
      }));
    },
  };
  return queue;
}
