// In-process job runner (the embedded default): at most one job per shop at a time, in the
// background of the web process, plus an hourly check for shops due their daily refresh. Jobs are
// plain functions of their input, so a real queue can call them later.
import { createAdminClient, type AdminClient } from "../shopify/admin-client.server";
import { getOfflineAccessToken } from "../models/session.server";
import { listShopsForDailyRefresh } from "../models/shop.server";
import { failSyncRun, latestSyncRun } from "../models/sync-run.server";
import { isDailyRefreshDue } from "../domain/daily-schedule";
import { appNow } from "../clock.server";
import { refreshShop } from "./daily-refresh.server";
import { syncShop } from "./sync-shop.server";

const runningJobs = new Map<string, Promise<void>>();

/** Run `job` for the shop unless one is running already (then that one's promise is returned). */
function runExclusive(shop: string, name: string, job: () => Promise<void>): Promise<void> {
  const running = runningJobs.get(shop);
  if (running) return running;
  const promise = job()
    .catch((error) => console.error(`[tsunagu] ${name} of ${shop} failed:`, error))
    .finally(() => runningJobs.delete(shop));
  runningJobs.set(shop, promise);
  return promise;
}

async function adminClientFor(shop: string): Promise<AdminClient> {
  const accessToken = await getOfflineAccessToken(shop);
  if (!accessToken) throw new Error(`No offline session for ${shop}; the shop must (re)install the app.`);
  return createAdminClient({ shop, accessToken });
}

/**
 * Start the shop's first sync in the background — or resume it after a restart — unless it has
 * completed already or is running in this process. The returned promise settles when it ends.
 */
export function enqueueInitialSync(shop: string): Promise<void> {
  return runExclusive(shop, "sync", async () => {
    const last = await latestSyncRun(shop);
    if (last?.status === "completed") return;
    try {
      await syncShop({ shop, admin: await adminClientFor(shop), now: () => appNow() });
    } catch (error) {
      const run = await latestSyncRun(shop);
      if (run?.status === "running") await failSyncRun(run.id, String(error), appNow());
      throw error;
    }
  });
}

/** Refresh every installed shop whose local day has turned since its last refresh. */
export async function runDueDailyRefreshes(now: Date): Promise<void> {
  const due = (await listShopsForDailyRefresh()).filter((s) => isDailyRefreshDue(s.lastDailyRunAt, now, s.ianaTimezone));
  await Promise.all(
    due.map(({ shop }) =>
      runExclusive(shop, "daily refresh", async () => {
        await refreshShop({ shop, admin: await adminClientFor(shop), asOf: now });
      }),
    ),
  );
}

const CHECK_EVERY_MS = 60 * 60 * 1000;
let scheduler: NodeJS.Timeout | undefined;

/** The embedded default's scheduler: check once at start, then hourly. */
export function startDailyScheduler(): void {
  if (scheduler) return;
  const check = () => void runDueDailyRefreshes(appNow()).catch((error) => console.error("[tsunagu] daily refresh check failed:", error));
  scheduler = setInterval(check, CHECK_EVERY_MS);
  scheduler.unref();
  check();
}
