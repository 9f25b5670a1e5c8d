// Apply saved settings: classify every customer under the new rules (transitions carry the reason
// "settings-changed"), refit the at-risk flags, write the tag delta (a changed prefix migrates: the
// retired prefix's tags are removed, the new ones added, merchant tags untouched), point the native
// segments at the new tags, then tell Flow.
// Progress goes to the SettingsRun the settings page polls.
import { appNow } from "../clock.server";
import { clearRetiredTagPrefixes, getShopSettings } from "../models/shop.server";
import { updateSettingsRun } from "../models/settings-run.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { updateNativeSegmentQueries } from "../services/native-segments.server";
import { fitPredictions } from "./fit-predictions.server";
import { sendPendingFlowTriggers } from "./flow-triggers.server";
import { pushCustomerTags } from "./push-customer-tags.server";
import { recomputeSegments } from "./recompute-segments.server";

const SETTINGS_CHANGED_REASON = "settings-changed";

/** Run `work` as the SettingsRun's body: running → completed, or failed with the error. */
export async function asSettingsRun<T>(runId: number, work: () => Promise<T>): Promise<T> {
  await updateSettingsRun(runId, { status: "running" });
  try {
    const result = await work();
    await updateSettingsRun(runId, { status: "completed", phase: "done", finishedAt: appNow() });
    return result;
  } catch (error) {
    await updateSettingsRun(runId, { status: "failed", error: String(error), finishedAt: appNow() });
    throw error;
  }
}

/** The tag pass both settings jobs end with; retired prefixes are forgotten once their tags are gone. */
export async function retagShop(shop: string, admin: AdminClient, runId: number) {
  const { retiredTagPrefixes } = await getShopSettings(shop);
  await updateSettingsRun(runId, { phase: "tags" });
  const tags = await pushCustomerTags({ shop, admin });
  if (retiredTagPrefixes.length > 0) await clearRetiredTagPrefixes(shop, retiredTagPrefixes);
  await updateSettingsRun(runId, { tagsWritten: tags.written, blockedByTagLimit: tags.blockedByTagLimit.length });
  return tags;
}

export async function applySettings({ shop, admin, runId, asOf }: { shop: string; admin: AdminClient; runId: number; asOf: Date }) {
  return asSettingsRun(runId, async () => {
    await updateSettingsRun(runId, { phase: "segments" });
    const segments = await recomputeSegments({ shop, asOf, transitionReason: SETTINGS_CHANGED_REASON });
    await fitPredictions({ shop, asOf });
    await updateSettingsRun(runId, { transitions: segments.transitions });
    const tags = await retagShop(shop, admin, runId);
    await updateNativeSegmentQueries(shop, admin);
    await updateSettingsRun(runId, { phase: "flow" });
    const flowTriggers = await sendPendingFlowTriggers(shop, admin);
    return { transitions: segments.transitions, tagsWritten: tags.written, blockedByTagLimit: tags.blockedByTagLimit, flowTriggers };
  });
}
