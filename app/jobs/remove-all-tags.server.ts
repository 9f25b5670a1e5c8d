// "Remove all Tsunagu tags" (the clean exit before uninstall): every tag with our prefix, or a retired
// one, comes off every customer; merchant tags stay. The settings action turns tagging off first
// (Shop.taggingEnabled = false), so no sync, daily refresh or webhook puts a tag back until the
// merchant turns tagging on again in settings — then the next apply writes them all again.
import type { AdminClient } from "../shopify/admin-client.server";
import { asSettingsRun, retagShop } from "./apply-settings.server";

export async function removeAllTags({ shop, admin, runId }: { shop: string; admin: AdminClient; runId: number }) {
  return asSettingsRun(runId, async () => (await retagShop(shop, admin, runId)).written);
}
