// The first sync of one shop in its own process, so a test can kill it for real (SIGKILL) mid-backfill
// and start it again. Reads TSUNAGU_SYNC_CHILD (JSON: shop, accessToken, endpoint, now, linesPerBatch);
// DATABASE_URL must be set. Exits 0 when the sync completed.
import { syncShop } from "../../app/jobs/sync-shop.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";

export interface SyncChildOptions {
  shop: string;
  accessToken: string;
  endpoint: string;
  now: string;
  linesPerBatch: number;
}

async function main() {
  const options = JSON.parse(process.env.TSUNAGU_SYNC_CHILD ?? "") as SyncChildOptions;
  const admin = createAdminClient({ shop: options.shop, accessToken: options.accessToken, endpoint: options.endpoint });
  await syncShop({
    shop: options.shop,
    admin,
    now: () => new Date(options.now),
    bulk: { firstPollMs: 20, maxPollMs: 100 },
    linesPerBatch: options.linesPerBatch,
  });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
