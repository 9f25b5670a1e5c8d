// What the settings page starts: each records a SettingsRun (the page polls it) and enqueues its job.
import { appNow } from "../clock.server";
import { LIFECYCLE_STAGES } from "../domain/types";
import type { SettingsForm } from "../domain/shop-settings";
import { createSettingsRun } from "../models/settings-run.server";
import { saveShopSettings, setTaggingEnabled } from "../models/shop.server";
import { ensureNativeSegment } from "../services/native-segments.server";
import { adminClientFor } from "../services/shop-sessions.server";
import { jobQueue } from "../queue/job-queue.server";
import { enqueueCustomerMetafields } from "./enqueue.server";

/** Save the settings, then recompute, re-tag, tell Flow and rewrite the customer metafields in the background. */
export async function startApplySettings(shop: string, form: SettingsForm): Promise<number> {
  await saveShopSettings(shop, form);
  const now = appNow();
  const runId = await createSettingsRun(shop, "apply-settings", now);
  await jobQueue.enqueue("apply-settings", { shop, runId, asOf: now.toISOString() });
  await enqueueCustomerMetafields(shop, now);
  return runId;
}

/** Turn tagging off at once (nothing re-adds a tag from now on), then remove every tag of ours. */
export async function startRemoveAllTags(shop: string): Promise<number> {
  await setTaggingEnabled(shop, false);
  const runId = await createSettingsRun(shop, "remove-all-tags", appNow());
  await jobQueue.enqueue("remove-all-tags", { shop, runId });
  return runId;
}

/** One native Shopify segment per lifecycle stage (idempotent). */
export async function createNativeSegments(shop: string) {
  const admin = await adminClientFor(shop);
  const created = [];
  for (const stage of LIFECYCLE_STAGES) created.push({ stage, ...(await ensureNativeSegment(shop, admin, stage)) });
  return created;
}
