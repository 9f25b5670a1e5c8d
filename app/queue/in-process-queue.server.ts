// The embedded default of the job queue: in the web process, jobs of one shop run one at a time in
// the order they were enqueued; different shops run concurrently. Nothing survives a restart, which
// is why every job is resumable from the database (a sync's checkpoint, webhook events not yet
// processed, transitions not yet sent to Flow) and the scheduler re-enqueues what is due.
import { appNow } from "../clock.server";
import type { EnqueueOptions, FailedJob, JobHandlers, JobName, JobPayloads, JobQueue } from "./job-types";

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
