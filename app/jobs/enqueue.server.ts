// What the app enqueues, and the schedules that enqueue what is due (started by app/start.server.ts).
import { listShopsForDailyRefresh } from "../models/shop.server";
import {
  listenForRecordedWebhookEvents,
  listShopsWithPendingWebhookEvents,
  recordingNotifiesWorkers,
} from "../models/webhook-event.server";
import { isDailyRefreshDue } from "../domain/daily-schedule";
import { appNow } from "../clock.server";
import { listUnfinishedSettingsRuns } from "../models/settings-run.server";
import { listShopsWithActiveScenarios } from "../models/scenario.server";
import { listShopsAwaitingJourneys } from "../models/touchpoints.server";
import { JOURNEY_REREAD_DAYS } from "./reread-journeys.server";
import { jobQueue } from "../queue/job-queue.server";

/** Start (or resume after a restart) the shop's first sync in the background. */
export async function enqueueInitialSync(shop: string): Promise<void> {
  await jobQueue.enqueue("initial-sync", { shop }, { singletonKey: `initial-sync:${shop}` });
  // After the first sync (jobs of a shop run in order): abandoned checkouts, then the journey rows.
  await jobQueue.enqueue("sync-checkouts", { shop, asOf: appNow().toISOString() }, { singletonKey: `sync-checkouts:${shop}` });
  await jobQueue.enqueue("reconstruct-segment-history", { shop }, { singletonKey: `reconstruct-segment-history:${shop}` });
  await enqueueCustomerMetafields(shop, appNow());
  await enqueueSessions(shop, appNow());
}

/** Online store sessions through ShopifyQL (after the first sync and each daily refresh; all again after the UTM rules changed). */
export async function enqueueSessions(shop: string, now: Date, reReadAll = false): Promise<void> {
  await jobQueue.enqueue(
    "sync-sessions",
    { shop, asOf: now.toISOString(), ...(reReadAll ? { reReadAll } : {}) },
    {
      singletonKey: `sync-sessions:${shop}${reReadAll ? ":all" : ""}`,
    },
  );
}

/**
 * The customer metafields of Shopify's segments, after the shop's segments and predictions were refreshed
 * (jobs of a shop run in order): every customer (one such job waits at a time), or only `customerIds`
 * after a recompute of a webhook batch — one job per batch, so the batch's collection window debounces
 * a burst of orders into one write.
 */
export async function enqueueCustomerMetafields(shop: string, now: Date, customerIds?: readonly string[]): Promise<void> {
  if (customerIds === undefined) {
    await jobQueue.enqueue("customer-metafields", { shop, asOf: now.toISOString() }, { singletonKey: `customer-metafields:${shop}` });
  } else if (customerIds.length > 0) {
    await jobQueue.enqueue("customer-metafields", { shop, asOf: now.toISOString(), customerIds: [...customerIds] });
  }
}

/** Enqueue the daily refresh of every installed shop whose local day has turned since its last one. */
export async function enqueueDueDailyRefreshes(now: Date): Promise<void> {
  const due = (await listShopsForDailyRefresh()).filter((s) => isDailyRefreshDue(s.lastDailyRunAt, now, s.ianaTimezone));
  for (const { shop } of due) {
    await jobQueue.enqueue("daily-refresh", { shop, asOf: now.toISOString() }, { singletonKey: `daily-refresh:${shop}` });
    await enqueueSubscriptionTriggers(shop);
    await jobQueue.enqueue("sync-checkouts", { shop, asOf: now.toISOString() }, { singletonKey: `sync-checkouts:${shop}` });
    // After the refresh (jobs of a shop run in order): review requests open with time alone.
    await jobQueue.enqueue("review-eligibility", { shop, asOf: now.toISOString() }, { singletonKey: `review-eligibility:${shop}` });
    await enqueueCustomerMetafields(shop, now);
    await enqueueSessions(shop, now);
  }
}

/** The channel rules changed: the acquisition reports and the sessions by channel again (channels are derived when they are computed or read). */
export async function enqueueAcquisitionReport(shop: string, asOf: Date): Promise<void> {
  await jobQueue.enqueue("acquisition-report", { shop, asOf: asOf.toISOString() }, { singletonKey: `acquisition-report:${shop}` });
  await enqueueSessions(shop, asOf, true);
}

/** A webhook was recorded: the one waiting job of the shop applies every event waiting when it runs. */
export async function enqueueWebhookProcessing(shop: string): Promise<void> {
  await jobQueue.enqueue("process-webhooks", { shop }, { singletonKey: `process-webhooks:${shop}` });
}

/** After a detection (the daily refresh; jobs of a shop run in order, and each reconciliation for what order webhooks changed): its pauses and ends told to Flow. */
export async function enqueueSubscriptionTriggers(shop: string): Promise<void> {
  await jobQueue.enqueue("subscription-flow-triggers", { shop }, { singletonKey: `subscription-flow-triggers:${shop}` });
}

/**
 * In a process that runs jobs on PostgreSQL: web processes record webhook events without enqueueing
 * (the INSERT notifies), so enqueue the shop's processing here — one enqueue at a time per shop, and
 * one more after it when events came meanwhile — and for the shops whose events already wait (sent
 * while no worker listened). Resolves to what stops listening; on SQLite there is nothing to hear.
 */
export async function listenForWebhookEvents(): Promise<{ close(): Promise<void> }> {
  if (!recordingNotifiesWorkers()) return { close: async () => {} };
  const enqueueing = new Map<string, boolean>(); // shop → another event came during its enqueue
  const enqueue = (shop: string) => {
    if (enqueueing.has(shop)) return void enqueueing.set(shop, true);
    enqueueing.set(shop, false);
    void enqueueWebhookProcessing(shop)
      .catch((error) => console.error(`[tsunagu] enqueueing ${shop}'s webhook processing failed:`, error))
      .finally(() => {
        const again = enqueueing.get(shop);
        enqueueing.delete(shop);
        if (again) enqueue(shop);
      });
  };
  const listening = await listenForRecordedWebhookEvents(enqueue);
  for (const shop of await listShopsWithPendingWebhookEvents()) enqueue(shop);
  return listening;
}

/** Reconcile every synced shop, and apply webhook events a restart left waiting. */
export async function enqueueReconciliations(): Promise<void> {
  for (const shop of await listShopsWithPendingWebhookEvents()) await enqueueWebhookProcessing(shop);
  for (const { shop } of await listShopsForDailyRefresh()) {
    await jobQueue.enqueue("reconcile", { shop }, { singletonKey: `reconcile:${shop}` });
    await enqueueSubscriptionTriggers(shop);
  }
}

/** Settings runs a restart cut off start again (apply-settings and remove-all-tags are idempotent). */
export async function resumeSettingsRuns(now: Date): Promise<void> {
  for (const run of await listUnfinishedSettingsRuns()) {
    if (run.kind === "apply-settings") await jobQueue.enqueue("apply-settings", { shop: run.shop, runId: run.id, asOf: now.toISOString() });
    else await jobQueue.enqueue("remove-all-tags", { shop: run.shop, runId: run.id });
  }
}

/** A scenario tick for every shop with an active scenario (steps are due at 09:00 shop time, to the tick). */
export async function enqueueScenarioTicks(now: Date): Promise<void> {
  for (const shop of await listShopsWithActiveScenarios()) {
    await jobQueue.enqueue("scenario-tick", { shop, asOf: now.toISOString() }, { singletonKey: `scenario-tick:${shop}` });
  }
}

const HOUR_MS = 60 * 60 * 1000;

/** A journey re-read for every shop with a recent order whose summary Shopify had not finished (docs/touchpoints.md §4). */
export async function enqueueJourneyRereads(now: Date): Promise<void> {
  for (const shop of await listShopsAwaitingJourneys(new Date(now.getTime() - JOURNEY_REREAD_DAYS * 24 * HOUR_MS))) {
    await jobQueue.enqueue("reread-journeys", { shop, asOf: now.toISOString() }, { singletonKey: `reread-journeys:${shop}` });
  }
}
const SCENARIO_TICK_EVERY_MS = 5 * 60 * 1000;
const JOURNEY_REREAD_EVERY_MS = 5 * 60 * 1000;
// Webhooks carry changes within seconds; reconciliation is the safety net, so a quarter-hour is plenty.
const RECONCILE_EVERY_MS = 15 * 60 * 1000;

/**
 * The hourly daily-refresh check, the quarter-hourly reconciliation, the 5-minute scenario tick and journey
 * re-read, and settings runs a restart cut off.
 */
export function startSchedules(): void {
  jobQueue.schedule("daily-refresh", HOUR_MS, enqueueDueDailyRefreshes);
  jobQueue.schedule("reconcile", RECONCILE_EVERY_MS, enqueueReconciliations);
  jobQueue.schedule("scenario-tick", SCENARIO_TICK_EVERY_MS, enqueueScenarioTicks);
  jobQueue.schedule("reread-journeys", JOURNEY_REREAD_EVERY_MS, enqueueJourneyRereads);
  void resumeSettingsRuns(appNow()).catch((error) => console.error("[tsunagu] resuming settings runs failed:", error));
}
