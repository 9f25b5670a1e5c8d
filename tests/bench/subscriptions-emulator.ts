// bench:subscriptions' store, served by the local Shopify emulator in a process of its own (so the
// bench's syncs measure the app's CPU apart from the emulator's): node --import tsx
// tests/bench/subscriptions-emulator.ts --subscribers N. Prints one JSON line once it listens:
// {shop, accessToken, url, customers, orders, renewals}.
// The store (Asia/Tokyo, JPY, standard plan) has --subscribers subscribers over four years: each on a
// plan every 2 weeks (20 %), month (60 %) or 2 months (20 %), delivered at that interval ± 2 days until
// they cancel, θ ~ Beta(0.6, 4) per subscriber (the sBG world, Fader & Hardie 2007), about ten renewals
// each; one in five bought a one-off trial product 10–60 days before subscribing (引上), and as many
// one-off buyers as subscribers never subscribe. The emulator derives selling plans, renewals and
// statuses from those orders (tests/emulator/resolvers-subscriptions.ts).
import { parseArgs } from "node:util";
import { createRandom, sampleBeta } from "../../app/domain/clv/simulate";
import { registerApp } from "../emulator/app-config";
import { planNamed } from "../emulator/plans";
import { startEmulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

export const STORE_NOW = new Date("2026-11-01T00:00:00Z");
const SEED = 20_261_207;
const HISTORY_DAYS = 4 * 365;
const DAY_MS = 86_400_000;
const PLANS = [
  { intervalDays: 14, share: 0.2 },
  { intervalDays: 30, share: 0.6 },
  { intervalDays: 60, share: 0.2 },
];
const CHURN = { alpha: 0.6, beta: 4 };

function buildStore(subscribers: number): { store: EmulatedShop; renewals: number } {
  const store = createEmptyShop({
    domain: "subscriptions-bench.myshopify.com",
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    now: STORE_NOW,
    plan: planNamed("standard"),
  });
  const random = createRandom(SEED);
  const created = new Date(STORE_NOW.getTime() - (HISTORY_DAYS + 90) * DAY_MS).toISOString();
  let orderId = 0;
  let renewals = 0;
  const at = (ms: number) => new Date(ms).toISOString();
  for (let c = 1; c <= subscribers; c++) {
    store.addCustomer({ id: c, createdAt: created });
    const u = random.uniform();
    const plan = u < PLANS[0].share ? PLANS[0] : u < PLANS[0].share + PLANS[1].share ? PLANS[1] : PLANS[2];
    const sku = `TEIKI-${(c % 12) + 1}`;
    const line = [{ sku, quantity: 1, unitPrice: 2980 + 500 * (c % 5) }];
    const start = STORE_NOW.getTime() - Math.floor(random.uniform() * HISTORY_DAYS) * DAY_MS;
    if (random.uniform() < 0.2) {
      const trialAt = start - (10 + Math.floor(random.uniform() * 50)) * DAY_MS;
      store.addOrder({
        id: ++orderId,
        customerId: c,
        processedAt: at(trialAt),
        lineItems: [{ sku: "TRIAL", quantity: 1, unitPrice: 980 }],
      });
    }
    const theta = sampleBeta(random, CHURN.alpha, CHURN.beta);
    let t = start;
    for (let delivery = 1; t <= STORE_NOW.getTime(); delivery++) {
      store.addOrder({ id: ++orderId, customerId: c, processedAt: at(t), lineItems: line });
      if (delivery > 1) renewals++;
      if (random.uniform() < theta) break;
      t += (plan.intervalDays + Math.round(random.uniform() * 4 - 2)) * DAY_MS;
    }
  }
  for (let c = subscribers + 1; c <= 2 * subscribers; c++) {
    store.addCustomer({ id: c, createdAt: created });
    const when = STORE_NOW.getTime() - Math.floor(random.uniform() * HISTORY_DAYS) * DAY_MS;
    store.addOrder({
      id: ++orderId,
      customerId: c,
      processedAt: at(when),
      lineItems: [{ sku: `ONE-OFF-${c % 40}`, quantity: 1, unitPrice: 4200 }],
    });
  }
  return { store, renewals };
}

async function main() {
  const { values } = parseArgs({ options: { subscribers: { type: "string", default: "50000" } } });
  const { store, renewals } = buildStore(Number(values.subscribers));
  const emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  console.log(
    JSON.stringify({
      shop: store.domain,
      accessToken: store.accessToken,
      url: emulator.url,
      customers: store.customerCount(),
      orders: store.orderCount(),
      renewals,
    }),
  );
  const stop = () => emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1]?.endsWith("subscriptions-emulator.ts")) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
