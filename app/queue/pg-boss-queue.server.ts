// The job queue for deployments on PostgreSQL (docs/decisions/015-postgresql-and-pg-boss.md): pg-boss stores the jobs in the same
// database, so any number of web processes (which only enqueue) and workers (`npm run worker`) can
// run at once. The guarantees of the in-process queue hold across processes:
//  - jobs of one shop run one at a time: a worker holds a PostgreSQL advisory lock on the shop for
//    the job's duration (a session lock, so a killed worker's lock goes with its connection); a job
//    whose shop is busy is put back a few seconds later instead of blocking a worker;
//  - jobs of one shop run in the order they were enqueued: every job carries a number from one
//    database sequence, and a job is put back while an older job of its shop is not finished
//    (every kind of job is in one pg-boss queue, so that is one indexed look-up);
//  - a waiting job with the same singletonKey is not enqueued twice (pg-boss's "short" policy);
//  - failures are retried with backoff; a job that failed for good stays in pg-boss's table as
//    "failed" (kept 7 days) and is listed in the admin (settings → Jobs);
//  - schedules are pg-boss cron schedules, registered once in the database however many processes start.
import crypto from "node:crypto";
import PgBoss from "pg-boss";
import pg from "pg";
import { appNow } from "../clock.server";
import type { EnqueueOptions, FailedJob, JobHandlers, JobName, JobPayloads, JobQueue } from "./job-types";

/** The one pg-boss queue of every job kind (so per-shop order is one look-up). */
const JOBS_QUEUE = "tsunagu-jobs";
const SCHEDULE_PREFIX = "schedule-";
const ORDER_SEQUENCE = "pgboss.tsunagu_job_order";
const BUSY_SHOP_RETRY_SECONDS = 2;
const BEHIND_OLDER_JOB_RETRY_SECONDS = 1;

/** What is stored as a pg-boss job's data. */
interface StoredJob {
  job: JobName;
  shop: string;
  /** From ORDER_SEQUENCE at enqueue: a shop's jobs run in this order. */
  order: number;
  /** The singletonKey it was enqueued with (kept when it is put back). */
  key: string;
  payload: JobPayloads[JobName];
}

export interface PgBossQueueOptions {
  connectionString: string;
  handlers: JobHandlers;
  /** "web" only enqueues; "worker" processes jobs and runs the schedules; "all" does both. */
  role: "web" | "worker" | "all";
  /** Jobs one worker process runs at once (different shops). */
  concurrency?: number;
  /** A job not finished within this time (e.g. its worker was killed) is retried. */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  pollingIntervalSeconds?: number;
  /** How often expired jobs are found and retried (pg-boss's maintenance; default 2 minutes). */
  maintenanceIntervalSeconds?: number;
}

/** Cron for a schedule every `everyMs` (pg-boss cron has minute resolution). */
export function cronFor(everyMs: number): string {
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
  // Shop locks (one connection per running job), the order sequence and the failed-jobs list.
  const db = new pg.Pool({ connectionString, max: concurrency + 2 });
  const scheduled = new Set<string>();
  const createdQueues = new Set<string>();
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  // Creating a queue creates tables: processes starting together would deadlock, so they take turns.
  async function ensureQueue(name: string): Promise<void> {
    if (createdQueues.has(name)) return;
    const client = await db.connect();
    try {
      await client.query("SELECT pg_advisory_lock(hashtext('tsunagu:create-queues'))");
      if (!(await boss.getQueue(name))) {
        await boss.createQueue(name, { name, policy: "short", retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, expireInSeconds });
      }
      if (name === JOBS_QUEUE) {
        await client.query(`CREATE SEQUENCE IF NOT EXISTS ${ORDER_SEQUENCE}`);
        // The look-up of an unfinished older job of the shop, on the queue's own partition of pgboss.job.
        const { rows } = await client.query<{ partition_name: string }>("SELECT partition_name FROM pgboss.queue WHERE name = $1", [name]);
        await client.query(
          `CREATE INDEX IF NOT EXISTS tsunagu_jobs_shop_order ON pgboss.${client.escapeIdentifier(rows[0].partition_name)}
             ((data->>'shop'), ((data->>'order')::bigint)) WHERE state < 'completed'`,
        );
      }
      createdQueues.add(name);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('tsunagu:create-queues'))");
      client.release();
    }
  }

  async function send(stored: StoredJob, afterSeconds = 0): Promise<void> {
    await boss.sendAfter(JOBS_QUEUE, stored, { singletonKey: stored.key }, afterSeconds);
  }

  /** Run the job holding its shop's advisory lock, unless another worker holds it or an older job of the shop waits. */
  async function runInOrder(id: string, stored: StoredJob): Promise<void> {
    const client = await db.connect();
    try {
      const lock = `tsunagu:${stored.shop}`;
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [lock]);
      if (!rows[0].locked) return await send(stored, BUSY_SHOP_RETRY_SECONDS);
      try {
        // Waiting, fetched by another worker but not yet running, or failed and due for a retry.
        const older = await client.query(
          `SELECT 1 FROM pgboss.job
            WHERE name = $1 AND state < 'completed' AND id <> $2
              AND data->>'shop' = $3 AND (data->>'order')::bigint < $4 LIMIT 1`,
          [JOBS_QUEUE, id, stored.shop, stored.order],
        );
        if (older.rowCount) return await send(stored, BEHIND_OLDER_JOB_RETRY_SECONDS);
        await (handlers[stored.job] as (data: unknown) => Promise<void>)(stored.payload);
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", [lock]);
      }
    } finally {
      client.release();
    }
  }

  async function startWorkers(): Promise<void> {
    await ensureQueue(JOBS_QUEUE);
    for (let i = 0; i < concurrency; i++) {
      await boss.work<StoredJob>(JOBS_QUEUE, { batchSize: 1, pollingIntervalSeconds }, ([job]) => runInOrder(job.id, job.data));
    }
  }

  async function registerSchedule(name: string, tick: (now: Date) => Promise<void>): Promise<void> {
    const queue = SCHEDULE_PREFIX + name;
    await ensureQueue(queue);
    await boss.work(queue, { batchSize: 1, pollingIntervalSeconds }, async () => tick(appNow()));
  }

  const queue: JobQueue = {
    async start() {
      started ??= (async () => {
        await boss.start();
        await ensureQueue(JOBS_QUEUE);
        if (processes) await startWorkers();
      })();
      await started;
    },
    async enqueue<N extends JobName>(name: N, data: JobPayloads[N], enqueueOptions: EnqueueOptions = {}) {
      await queue.start();
      const { rows } = await db.query<{ order: string }>(`SELECT nextval('${ORDER_SEQUENCE}') AS order`);
      // "short" keeps one waiting job per key; keys are per shop, and a job without one gets its own.
      const key = enqueueOptions.singletonKey ? `${data.shop}|${enqueueOptions.singletonKey}` : crypto.randomUUID();
      await send({ job: name, shop: data.shop, order: Number(rows[0].order), key, payload: data });
    },
    async drain() {
      await queue.start();
      while ((await boss.getQueueSize(JOBS_QUEUE, { before: "completed" })) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    },
    schedule(name: string, everyMs: number, tick: (now: Date) => Promise<void>) {
      if (!processes || scheduled.has(name)) return;
      scheduled.add(name);
      void queue
        .start()
        .then(() => registerSchedule(name, tick))
        .then(() => boss.schedule(SCHEDULE_PREFIX + name, cronFor(everyMs)))
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
          WHERE name = $1 AND state = 'failed' AND data->>'shop' = $2 ORDER BY completed_on DESC LIMIT 20`,
        [JOBS_QUEUE, shop],
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
