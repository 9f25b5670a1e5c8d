// What each job does: plain async functions of the job's data, callable by any queue.
import { createAdminClient, type AdminClient } from "../shopify/admin-client.server";
import { getOfflineAccessToken } from "../models/session.server";
import { failSyncRun, latestSyncRun } from "../models/sync-run.server";
import { appNow } from "../clock.server";
import type { JobHandlers } from "./job-types";
import { refreshShop } from "./daily-refresh.server";
import { syncShop } from "./sync-shop.server";

export async function adminClientFor(shop: string): Promise<AdminClient> {
  const accessToken = await getOfflineAccessToken(shop);
  if (!accessToken) throw new Error(`No offline session for ${shop}; the shop must (re)install the app.`);
  return createAdminClient({ shop, accessToken });
}

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
};
