// The embedded default of the job queue: in the web process, jobs of one shop run one at a time in
// the order they were enqueued; different shops run concurrently. Nothing survives a restart, which
// is why every job is resumable from the database (a sync's checkpoint, webhook events not yet
// processed, transitions not yet sent to Flow) and the scheduler re-enqueues what is due.
import { listShopsForDailyRefresh } from "../models/shop.server";
import { listShopsWithPendingWebhookEvents } from "../models/webhook-event.server";
import { isDailyRefreshDue } from "../domain/daily-schedule";
import { appNow } from "../clock.server";
import { listUnfinishedSettingsRuns } from "../models/settings-run.server";
import type { EnqueueOptions, FailedJob, JobHandlers, JobName, JobPayloads, JobQueue } from "./job-types";
import { JOB_HANDLERS } from "./job-handlers.server";
import { createPgBossQueue } from "./pg-boss-queue.server";
import { databaseKind, databaseUrl } from "../db-url";

interface QueuedJob {
  name: JobName;
  data: JobPayloads[JobName];
  singletonKey?: string;
}

const MAX_FAILURES_KEPT = 20;

export function createInProcessQueue(handlers: JobHandlers): JobQueue {
  const waiting = new Map<string, QueuedJob[]>(); // by shop
  const running = new Map<string, Promise<void>>(); // the shop's worker loop
  const timers: NodeJS.Timeout[] = [];
  const failures = new Map<string, FailedJob[]>(); // by shop, the latest first

  async function work(shop: string): Promise<void> {
    for (let job = waiting.get(shop)?.shift(); job; job = waiting.get(shop)?.shift()) {
      try {
        await (handlers[job.name] as (data: unknown) => Promise<void>)(job.data);
      } catch (error) {
        console.error(`[tsunagu] job ${job.name} of ${shop} failed:`, error);
        const failed = { name: job.name, failedAt: appNow().toISOString(), error: error instanceof Error ? error.message : String(error) };
        failures.set(shop, [failed, ...(failures.get(shop) ?? [])].slice(0, MAX_FAILURES_KEPT));
      }
    }
    waiting.delete(shop);
    running.delete(shop);
  }

  return {
    async enqueue(name, data, options: EnqueueOptions = {}) {
      const shop = data.shop;
      const jobs = waiting.get(shop) ?? [];
      if (options.singletonKey && jobs.some((job) => job.singletonKey === options.singletonKey)) return;
      jobs.push({ name, data, singletonKey: options.singletonKey });
      waiting.set(shop, jobs);
      if (!running.has(shop)) running.set(shop, work(shop));
    },
    async start() {},
    async failedJobs(shop) {
      return failures.get(shop) ?? [];
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
    schedule(name, everyMs, tick) {
      const run = () => void tick(appNow()).catch((error) => console.error(`[tsunagu] schedule ${name} failed:`, error));
      const timer = setInterval(run, everyMs);
      timer.unref();
      timers.push(timer);
      run();
    },
    async stop() {
      timers.splice(0).forEach(clearInterval);
      waiting.clear();
      await Promise.all([...running.values()]);
    },
  };
}

/**
 * SQLite (the embedded default): jobs run in this process. PostgreSQL: jobs go through pg-boss, and
 * TSUNAGU_ROLE says what this process does with them: "web" only enqueues, "worker" (npm run worker)
 * processes them, "all" (the default) does both — one process serving a small deployment.
 */
function createJobQueue(): JobQueue {
  const url = databaseUrl();
  if (databaseKind(url) === "sqlite") return createInProcessQueue(JOB_HANDLERS);
  const role = process.env.TSUNAGU_ROLE ?? "all";
  if (role !== "web" && role !== "worker" && role !== "all") throw new Error(`TSUNAGU_ROLE must be web, worker or all (got ${role})`);
  const queue = createPgBossQueue({ connectionString: url, handlers: JOB_HANDLERS, role });
  // remix-serve closes its server on these signals and lets the process end once nothing is left
  // running; pg-boss's pollers would keep it alive, so the queue finishes its jobs and closes too.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void queue.stop());
  return queue;
}

export const jobQueue: JobQueue = createJobQueue();

/** Start (or resume after a restart) the shop's first sync in the background. */
export async function enqueueInitialSync(shop: string): Promise<void> {
  await jobQueue.enqueue("initial-sync", { shop }, { singletonKey: `initial-sync:${shop}` });
  // After the first sync (jobs of a shop run in order): abandoned checkouts, then the journey rows.
  await jobQueue.enqueue("sync-checkouts", { shop, asOf: appNow().toISOString() }, { singletonKey: `sync-checkouts:${shop}` });
  await jobQueue.enqueue("reconstruct-segment-history", { shop }, { singletonKey: `reconstruct-segment-history:${shop}` });
}

/** Enqueue the daily refresh of every installed shop whose local day has turned since its last one. */
export async function enqueueDueDailyRefreshes(now: Date): Promise<void> {
  const due = (await listShopsForDailyRefresh()).filter((s) => isDailyRefreshDue(s.lastDailyRunAt, now, s.ianaTimezone));
  for (const { shop } of due) {
    await jobQueue.enqueue("daily-refresh", { shop, asOf: now.toISOString() }, { singletonKey: `daily-refresh:${shop}` });
    await jobQueue.enqueue("sync-checkouts", { shop, asOf: now.toISOString() }, { singletonKey: `sync-checkouts:${shop}` });
    // After the refresh (jobs of a shop run in order): review requests open with time alone.
    await jobQueue.enqueue("review-eligibility", { shop, asOf: now.toISOString() }, { singletonKey: `review-eligibility:${shop}` });
  }
}

/** A webhook was recorded: the one waiting job of the shop applies every event waiting when it runs. */
export async function enqueueWebhookProcessing(shop: string): Promise<void> {
  await jobQueue.enqueue("process-webhooks", { shop }, { singletonKey: `process-webhooks:${shop}` });
}

/** Reconcile every synced shop, and apply webhook events a restart left waiting. */
export async function enqueueReconciliations(): Promise<void> {
  for (const shop of await listShopsWithPendingWebhookEvents()) await enqueueWebhookProcessing(shop);
  for (const { shop } of await listShopsForDailyRefresh()) {
    await jobQueue.enqueue("reconcile", { shop }, { singletonKey: `reconcile:${shop}` });
  }
}

/** Settings runs a restart cut off start again (apply-settings and remove-all-tags are idempotent). */
export async function resumeSettingsRuns(now: Date): Promise<void> {
  for (const run of await listUnfinishedSettingsRuns()) {
    if (run.kind === "apply-settings") await jobQueue.enqueue("apply-settings", { shop: run.shop, runId: run.id, asOf: now.toISOString() });
    else await jobQueue.enqueue("remove-all-tags", { shop: run.shop, runId: run.id });
  }
}

const HOUR_MS = 60 * 60 * 1000;
// Webhooks carry changes within seconds; reconciliation is the safety net, so a quarter-hour is plenty.
const RECONCILE_EVERY_MS = 15 * 60 * 1000;
let started = false;

/** The embedded default's schedules, started once per process (from shopify.server.ts). */
export function startSchedules(): void {
  if (started) return;
  started = true;
  jobQueue.schedule("daily-refresh", HOUR_MS, enqueueDueDailyRefreshes);
  jobQueue.schedule("reconcile", RECONCILE_EVERY_MS, enqueueReconciliations);
  void resumeSettingsRuns(appNow()).catch((error) => console.error("[tsunagu] resuming settings runs failed:", error));
}
