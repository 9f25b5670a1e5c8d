// The job queue for deployments on PostgreSQL (issue 9): pg-boss stores the jobs in the same
// database, so any number of web processes (which only enqueue) and workers (`npm run worker`) can
// run at once. The guarantees of the in-process queue hold across processes:
//  - jobs of one shop run one at a time: a worker holds a PostgreSQL advisory lock on the shop for
//    the job's duration (a session lock, so a killed worker's lock goes with its connection); a job
//    whose shop is busy is put back a few seconds later instead of blocking a worker;
//  - a waiting job with the same singletonKey is not enqueued twice (pg-boss's "short" policy);
//  - failures are retried with backoff; a job that failed for good stays in pg-boss's table as
//    "failed" (kept 7 days) and is listed in the admin (settings → Jobs);
//  - schedules are pg-boss cron schedules, registered once in the database however many processes start.
import crypto from "node:crypto";
import PgBoss from "pg-boss";
import pg from "pg";
import { appNow } from "../clock.server";
import type { EnqueueOptions, FailedJob, JobHandlers, JobName, JobPayloads, JobQueue } from "./job-types";

const SCHEDULE_PREFIX = "schedule-";
const BUSY_SHOP_RETRY_SECONDS = 2;

export interface PgBossQueueOptions {
  connectionString: string;
  handlers: JobHandlers;
  /** "web" only enqueues; "worker" processes jobs and runs the schedules; "all" does both. */
  role: "web" | "worker" | "all";
  /** Jobs of each kind one worker process runs at once (different shops). */
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
  const locks = new pg.Pool({ connectionString, max: concurrency * Object.keys(handlers).length + 2 });
  const scheduled = new Set<string>();
  const createdQueues = new Set<string>();
  let started: Promise<void> | undefined;

  // Creating a queue creates tables: processes starting together would deadlock, so they take turns.
  async function ensureQueue(name: string): Promise<void> {
    if (createdQueues.has(name)) return;
    const client = await locks.connect();
    try {
      await client.query("SELECT pg_advisory_lock(hashtext('tsunagu:create-queues'))");
      if (!(await boss.getQueue(name))) {
        await boss.createQueue(name, {
          name,
          policy: "short",
          retryLimit,
          retryDelay: retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds,
        });
      }
      createdQueues.add(name);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('tsunagu:create-queues'))");
      client.release();
    }
  }

  /** Run `job` holding the shop's advisory lock; false when another worker holds it. */
  async function withShopLock(shop: string, job: () => Promise<void>): Promise<boolean> {
    const client = await locks.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [`tsunagu:${shop}`]);
      if (!rows[0].locked) return false;
      try {
        await job();
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`tsunagu:${shop}`]);
      }
      return true;
    } finally {
      client.release();
    }
  }

  async function startWorkers(): Promise<void> {
    for (const name of Object.keys(handlers) as JobName[]) {
      await ensureQueue(name);
      for (let i = 0; i < concurrency; i++) {
        await boss.work<JobPayloads[JobName]>(name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
          const ran = await withShopLock(job.data.shop, () => (handlers[name] as (data: unknown) => Promise<void>)(job.data));
          if (!ran) await boss.sendAfter(name, job.data, { singletonKey: crypto.randomUUID() }, BUSY_SHOP_RETRY_SECONDS);
        });
      }
    }
  }

  async function registerSchedule(name: string, tick: (now: Date) => Promise<void>): Promise<void> {
    const queue = SCHEDULE_PREFIX + name;
    await ensureQueue(queue);
    await boss.work(queue, { batchSize: 1, pollingIntervalSeconds }, async () => tick(appNow()));
  }

  const queue = {
    async start() {
      started ??= (async () => {
        await boss.start();
        if (processes) await startWorkers();
      })();
      await started;
    },
    async enqueue<N extends JobName>(name: N, data: JobPayloads[N], enqueueOptions: EnqueueOptions = {}) {
      await queue.start();
      await ensureQueue(name);
      // "short" queues keep one waiting job per key; a job without a key gets a key of its own.
      await boss.send(name, data, { singletonKey: enqueueOptions.singletonKey ?? crypto.randomUUID() });
    },
    async drain() {
      await queue.start();
      for (;;) {
        const waiting = await Promise.all(
          [...createdQueues].filter((name) => !name.startsWith(SCHEDULE_PREFIX)).map((name) => boss.getQueueSize(name, { before: "completed" })),
        );
        if (waiting.every((size) => size === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
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
    async stop() {
      await boss.stop({ graceful: true, wait: true });
      await locks.end();
    },
    async failedJobs(shop: string): Promise<FailedJob[]> {
      await queue.start();
      const { rows } = await locks.query<{ name: string; completed_on: Date; output: unknown }>(
        `SELECT name, completed_on, output FROM pgboss.job
          WHERE state = 'failed' AND data->>'shop' = $1 ORDER BY completed_on DESC LIMIT 20`,
        [shop],
      );
      return rows.map((row) => ({
        name: row.name,
        failedAt: row.completed_on.toISOString(),
        error: String((row.output as { message?: string } | null)?.message ?? JSON.stringify(row.output)),
      }));
    },
  };
  return queue;
}
