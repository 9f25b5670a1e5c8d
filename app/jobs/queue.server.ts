// The embedded default of the job queue: in the web process, jobs of one shop run one at a time in
// the order they were enqueued; different shops run concurrently. Nothing survives a restart, which
// is why every job is resumable from the database (a sync's checkpoint, webhook events not yet
// processed, transitions not yet sent to Flow) and the scheduler re-enqueues what is due.
import { listShopsForDailyRefresh } from "../models/shop.server";
import { isDailyRefreshDue } from "../domain/daily-schedule";
import { appNow } from "../clock.server";
import type { EnqueueOptions, JobHandlers, JobName, JobPayloads, JobQueue } from "./job-types";
import { JOB_HANDLERS } from "./job-handlers.server";

interface QueuedJob {
  name: JobName;
  data: JobPayloads[JobName];
  singletonKey?: string;
}

export function createInProcessQueue(handlers: JobHandlers): JobQueue {
  const waiting = new Map<string, QueuedJob[]>(); // by shop
  const running = new Map<string, Promise<void>>(); // the shop's worker loop
  const timers: NodeJS.Timeout[] = [];

  async function work(shop: string): Promise<void> {
    for (let job = waiting.get(shop)?.shift(); job; job = waiting.get(shop)?.shift()) {
      try {
        await (handlers[job.name] as (data: unknown) => Promise<void>)(job.data);
      } catch (error) {
        console.error(`[tsunagu] job ${job.name} of ${shop} failed:`, error);
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

export const jobQueue: JobQueue = createInProcessQueue(JOB_HANDLERS);

/** Start (or resume after a restart) the shop's first sync in the background. */
export function enqueueInitialSync(shop: string): Promise<void> {
  return jobQueue.enqueue("initial-sync", { shop }, { singletonKey: `initial-sync:${shop}` });
}

/** Enqueue the daily refresh of every installed shop whose local day has turned since its last one. */
export async function enqueueDueDailyRefreshes(now: Date): Promise<void> {
  const due = (await listShopsForDailyRefresh()).filter((s) => isDailyRefreshDue(s.lastDailyRunAt, now, s.ianaTimezone));
  for (const { shop } of due) {
    await jobQueue.enqueue("daily-refresh", { shop, asOf: now.toISOString() }, { singletonKey: `daily-refresh:${shop}` });
  }
}

const HOUR_MS = 60 * 60 * 1000;
let started = false;

/** The embedded default's schedules, started once per process (from shopify.server.ts). */
export function startSchedules(): void {
  if (started) return;
  started = true;
  jobQueue.schedule("daily-refresh", HOUR_MS, enqueueDueDailyRefreshes);
}
