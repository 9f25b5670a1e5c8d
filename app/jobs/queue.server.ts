// In-process job runner (the embedded default): one sync per shop at a time, run in the background
// of the web process. Jobs are plain functions of their input, so a real queue can call them later.
import { createAdminClient } from "../shopify/admin-client.server";
import { getOfflineAccessToken } from "../models/session.server";
import { failSyncRun, latestSyncRun } from "../models/sync-run.server";
import { appNow } from "../clock.server";
import { syncShop } from "./sync-shop.server";

const runningSyncs = new Map<string, Promise<void>>();

async function runSync(shop: string): Promise<void> {
  const accessToken = await getOfflineAccessToken(shop);
  if (!accessToken) throw new Error(`No offline session for ${shop}; the shop must (re)install the app.`);
  const admin = createAdminClient({ shop, accessToken });
  try {
    await syncShop({ shop, admin, now: () => appNow() });
  } catch (error) {
    const run = await latestSyncRun(shop);
    if (run?.status === "running") await failSyncRun(run.id, String(error), appNow());
    throw error;
  }
}

/**
 * Start the shop's first sync in the background — or resume it after a restart — unless it has
 * completed already or is running in this process. The returned promise settles when it ends.
 */
export function enqueueInitialSync(shop: string): Promise<void> {
  const running = runningSyncs.get(shop);
  if (running) return running;
  const job = (async () => {
    const last = await latestSyncRun(shop);
    if (last?.status !== "completed") await runSync(shop);
  })()
    .catch((error) => console.error(`[tsunagu] sync of ${shop} failed:`, error))
    .finally(() => runningSyncs.delete(shop));
  runningSyncs.set(shop, job);
  return job;
}
