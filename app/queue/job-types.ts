// The jobs Tsunagu runs, by name, with the data each needs. Every job is about one shop; jobs of a
// shop run one at a time (the queue guarantees it), so a job never races another for the same shop.
// Data must be JSON (a real queue stores it): ISO strings for dates.
export interface JobPayloads {
  /** First sync after install, or its resumption after a restart (no-op once completed). */
  "initial-sync": { shop: string };
  /** Dormancy happens with time alone: re-classify, refit predictions, write tag deltas. */
  "daily-refresh": { shop: string; asOf: string };
  /** Saved settings: recompute (reason "settings-changed"), re-tag (prefix migration), tell Flow. SettingsRun id. */
  "apply-settings": { shop: string; runId: number; asOf: string };
  /** Remove every Tsunagu tag from every customer (tagging is already off). SettingsRun id. */
  "remove-all-tags": { shop: string; runId: number };
  /** Apply every webhook event of the shop that is waiting (one job for a burst), recompute the customers touched. */
  "process-webhooks": { shop: string };
  /** Catch what webhooks missed: customers and orders updated since the shop's watermark. */
  reconcile: { shop: string };
  /** Abandoned checkouts since the last run, then the daily journey rows (after the first sync and each daily refresh). */
  "sync-checkouts": { shop: string; asOf: string };
  /** Storefront metafields (products to review, welcome back): the shop, or one customer after a review; asOf defaults to now. */
  "review-eligibility": { shop: string; customerId?: string; asOf?: string };
  /**
   * Customer metafields for Shopify's own segments and Flow (lifecycle segment, published predictions),
   * after they were refreshed: every customer, or only `customerIds` (recomputed from webhooks).
   */
  "customer-metafields": { shop: string; asOf: string; customerIds?: string[] };
  /** A product's review summary metafield, after its reviews changed (stored, moderated, replied to). */
  "publish-review-summary": { shop: string; productId: string };
  /** A customer's tags after their needs-care flag was set (1–2★ review, NPS detractor), when the shop tags it. */
  "write-needs-care-tag": { shop: string; customerId: string };
  /** Segment sizes for the weeks before install, reconstructed from orders (once, after the first sync). */
  "reconstruct-segment-history": { shop: string };
  /** Scenario entries and exits, due steps fired through Flow, code redemptions (app/jobs/scenario-tick.server.ts). */
  "scenario-tick": { shop: string; asOf: string };
  /** The acquisition reports again, after the merchant edited the channel rules (app/jobs/acquisition-report.server.ts). */
  "acquisition-report": { shop: string; asOf: string };
  /** Journey summaries Shopify had not finished attributing, read again by id (app/jobs/reread-journeys.server.ts). */
  "reread-journeys": { shop: string; asOf: string };
  /** Online store sessions by day and channel through ShopifyQL (app/jobs/sync-sessions.server.ts); reReadAll after the UTM rules changed. */
  "sync-sessions": { shop: string; asOf: string; reReadAll?: boolean };
  /** Subscription pauses and ends told to Flow, once each (app/jobs/subscription-flow-triggers.server.ts). */
  "subscription-flow-triggers": { shop: string };
}

export type JobName = keyof JobPayloads;

export interface EnqueueOptions {
  /** A job with the same key already waiting (not yet started) makes this enqueue a no-op. */
  singletonKey?: string;
}

/**
 * One queue interface for every job (docs/architecture.md §3): the embedded default runs jobs in-process
 * (in-process-queue.server.ts); a PostgreSQL deployment backs it with pg-boss without touching job code.
 * What any backing must guarantee, and so what job code may rely on:
 * - enqueue stores JSON data; a `singletonKey` collapses a duplicate that is still waiting;
 * - process: the handlers (JOB_HANDLERS) are bound when the queue is created, plain functions of the data;
 * - exclusive per shop: jobs of one shop run one at a time, in the order enqueued — so the sync, a
 *   webhook batch and a reconciliation never race, and webhook events recorded during the backfill are
 *   applied after it;
 * - schedule: periodic ticks that enqueue what is due.
 * Jobs are idempotent and resume from the database, so at-least-once delivery is enough.
 */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, data: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** Resolves when every job enqueued so far (and those they enqueued) has finished. */
  drain(): Promise<void>;
  /** Connect and, where this process works jobs, start working them (enqueue starts it too). */
  start(): Promise<void>;
  /** The shop's jobs that failed for good (retries exhausted): the "Jobs" section of settings. */
  failedJobs(shop: string): Promise<FailedJob[]>;
  /** Run `tick(now)` every `everyMs` (and once at start); it usually enqueues due jobs. */
  schedule(name: string, everyMs: number, tick: (now: Date) => Promise<void>): void;
  stop(): Promise<void>;
}

export interface FailedJob {
  name: string;
  failedAt: string;
  error: string;
}

export type JobHandlers = { [N in JobName]: (data: JobPayloads[N]) => Promise<void> };
