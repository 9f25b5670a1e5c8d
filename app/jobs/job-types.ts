// The jobs Tsunagu runs, by name, with the data each needs. Every job is about one shop; jobs of a
// shop run one at a time (the queue guarantees it), so a job never races another for the same shop.
// Data must be JSON (a real queue stores it): ISO strings for dates.
export interface JobPayloads {
  /** First sync after install, or its resumption after a restart (no-op once completed). */
  "initial-sync": { shop: string };
  /** Dormancy happens with time alone: re-classify, refit predictions, write tag deltas. */
  "daily-refresh": { shop: string; asOf: string };
}

export type JobName = keyof JobPayloads;

export interface EnqueueOptions {
  /** A job with the same key already waiting (not yet started) makes this enqueue a no-op. */
  singletonKey?: string;
}

/**
 * One queue interface for every job (issue 4): the embedded default runs jobs in-process
 * (queue.server.ts); a PostgreSQL deployment backs it with pg-boss without touching job code.
 */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, data: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** Resolves when every job enqueued so far (and those they enqueued) has finished. */
  drain(): Promise<void>;
  /** Run `tick(now)` every `everyMs` (and once at start); it usually enqueues due jobs. */
  schedule(name: string, everyMs: number, tick: (now: Date) => Promise<void>): void;
  stop(): Promise<void>;
}

export type JobHandlers = { [N in JobName]: (data: JobPayloads[N]) => Promise<void> };
