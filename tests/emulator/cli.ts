// npm run emulator -- --port <p> --store <online-retail|cdnow> [--scale <N>] [--plan <standard|plus|…>]
//   [--history-years <Y>] [--app-url <url>]
// Starts the local Shopify emulator and prints one JSON line: {shop, accessToken, adminApiUrl}.
import { parseArgs } from "node:util";
import { registerApp } from "./app-config";
import { planNamed } from "./plans";
import { deriveAllSubscriptions } from "./resolvers-subscriptions";
import { isStoreName, seedStore } from "./seed";
import { startEmulator } from "./server";
import { TEST_APP } from "../helpers/test-app";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4100" },
    store: { type: "string", default: "online-retail" },
    scale: { type: "string", default: "1" },
    "history-years": { type: "string", default: "1" },
    plan: { type: "string", default: "standard" },
    "app-url": { type: "string", default: "http://127.0.0.1:3000" },
  },
});

async function main() {
  if (!isStoreName(values.store!)) throw new Error(`--store must be online-retail or cdnow (got ${values.store})`);
  const scale = Number(values.scale);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`--scale must be a whole number ≥ 1 (got ${values.scale})`);
  const historyYears = Number(values["history-years"]);
  if (!Number.isInteger(historyYears) || historyYears < 1)
    throw new Error(`--history-years must be a whole number ≥ 1 (got ${values["history-years"]})`);
  const shop = await seedStore(values.store, { scale, historyYears, plan: planNamed(values.plan!) });
  deriveAllSubscriptions(shop);
  const emulator = await startEmulator({
    app: registerApp({ ...TEST_APP, appUrl: values["app-url"]! }),
    shops: [shop],
    port: Number(values.port),
  });
  console.log(
    JSON.stringify({
      shop: shop.domain,
      accessToken: shop.accessToken,
      adminApiUrl: `${emulator.url}/admin/api/2026-10/graphql.json`,
    }),
  );
  const stop = () => emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
