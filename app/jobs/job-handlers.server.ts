// What each job does: plain async functions of the job's data, callable by any queue.
import { adminClientFor, adminClientIfInstalled } from "../services/shop-sessions.server";
import { failSyncRun, latestSyncRun } from "../models/sync-run.server";
import { appNow } from "../clock.server";
import type { JobHandlers } from "../queue/job-types";
import { refreshShop } from "./daily-refresh.server";
import { applySettings } from "./apply-settings.server";
import { removeAllTags } from "./remove-all-tags.server";
import { syncShop } from "./sync-shop.server";
import { processWebhookEvents } from "./process-webhooks.server";
import { reconcileShop } from "./reconcile.server";
import { syncCheckouts } from "./sync-checkouts.server";
import { refreshReviewEligibility } from "./review-eligibility.server";
import { publishReviewSummary } from "./publish-review-summary.server";
import { writeCustomerMetafields } from "./customer-metafields.server";
import { enqueueCustomerMetafields } from "./enqueue.server";
import { recomputeCustomers } from "./recompute-customer.server";
import { reconstructSegmentHistory } from "./reconstruct-segment-history.server";
import { runScenarioTick } from "./scenario-tick.server";
import { refreshAcquisitionReport } from "./acquisition-report.server";
import { rereadJourneys } from "./reread-journeys.server";
import { sendPendingSubscriptionTriggers } from "./subscription-flow-triggers.server";
import { syncSessions } from "./sync-sessions.server";

export const JOB_HANDLERS: JobHandlers = {
  "initial-sync": async ({ shop }) => {
    const last = await latestSyncRun(shop);
    if (last?.status === "completed") return;
    try {
      await syncShop({ shop, admin: await adminClientFor(shop), now: () => appNow() });
    } catch (error) {
      const run = await latestSyncRun(shop);
      if (run?.status === "running") await failSyncRun(run.id, String(error), appNow());
      throw error;
    }
  },
  "daily-refresh": async ({ shop, asOf }) => {
    await refreshShop({ shop, admin: await adminClientFor(shop), asOf: new Date(asOf) });
  },
  "apply-settings": async ({ shop, runId, asOf }) => {
    await applySettings({ shop, admin: await adminClientFor(shop), runId, asOf: new Date(asOf) });
  },
  "remove-all-tags": async ({ shop, runId }) => {
    await removeAllTags({ shop, admin: await adminClientFor(shop), runId });
  },
  // The customers a webhook batch or reconciliation recomputed get their customer metafields next
  // (stage and last order moved), one job a run, not at the next daily refresh.
  "process-webhooks": async ({ shop }) => {
    const asOf = appNow();
    const { recomputedCustomerIds } = await processWebhookEvents({ shop, admin: await adminClientFor(shop), asOf });
    await enqueueCustomerMetafields(shop, asOf, recomputedCustomerIds);
  },
  reconcile: async ({ shop }) => {
    const asOf = appNow();
    const { recomputedCustomerIds } = await reconcileShop({ shop, admin: await adminClientFor(shop), asOf });
    await enqueueCustomerMetafields(shop, asOf, recomputedCustomerIds);
  },
  "sync-checkouts": async ({ shop, asOf }) => {
    await syncCheckouts({ shop, admin: await adminClientFor(shop), now: new Date(asOf) });
  },
  "review-eligibility": async ({ shop, customerId, asOf }) => {
    await refreshReviewEligibility({ shop, admin: await adminClientFor(shop), customerId, asOf: asOf ? new Date(asOf) : appNow() });
  },
  "customer-metafields": async ({ shop, asOf, customerIds }) => {
    await writeCustomerMetafields({ shop, admin: await adminClientFor(shop), now: new Date(asOf), customerIds });
  },
  "publish-review-summary": async ({ shop, productId }) => {
    await publishReviewSummary({ shop, admin: await adminClientFor(shop), productId });
  },
  // The tag plan includes `${prefix}needs-care` for flagged customers; recomputing one customer writes its delta.
  "write-needs-care-tag": async ({ shop, customerId }) => {
    await recomputeCustomers({ shop, admin: await adminClientFor(shop), customerIds: [customerId], asOf: appNow() });
  },
  "reconstruct-segment-history": async ({ shop }) => {
    await reconstructSegmentHistory({ shop });
  },
  "scenario-tick": async ({ shop, asOf }) => {
    await runScenarioTick({ shop, admin: await adminClientFor(shop), now: new Date(asOf) });
  },
  "acquisition-report": async ({ shop, asOf }) => {
    await refreshAcquisitionReport({ shop, asOf: new Date(asOf), admin: await adminClientIfInstalled(shop) });
  },
  "reread-journeys": async ({ shop, asOf }) => {
    await rereadJourneys({ shop, admin: await adminClientFor(shop), asOf: new Date(asOf) });
  },
  "sync-sessions": async ({ shop, asOf, reReadAll }) => {
    await syncSessions({ shop, admin: await adminClientFor(shop), now: new Date(asOf), reReadAll });
  },
  "subscription-flow-triggers": async ({ shop }) => {
    await sendPendingSubscriptionTriggers(shop, await adminClientFor(shop), appNow);
  },
};
