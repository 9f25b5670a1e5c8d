// bench:freshness — how long from Shopify sending an order webhook to the customer's new lifecycle
// tag being on Shopify. The built app runs as its own process (remix-serve) against the emulator; the
// emulator sends the webhooks it would send for each change (orders/create, orders/updated, and the
// customers/update echoes of the app's tag writes) at a steady rate of new orders.
//
// Each order is a first purchase by a prospect, so each one must move a customer from
// `tsunagu:prospect` to `tsunagu:new` (tagsAdd + tagsRemove + one Flow trigger). Latency is measured
// from the moment the emulator sent the orders/create delivery to the moment the emulator applied
// the tagsAdd of `tsunagu:new` — both on this machine's clock. A warm-up order goes first, untimed.
//
//   npm run bench:freshness [-- --orders 1000 --rate 3 --plan plus --runs 1] [--json]
//
// The rate is one the whole setup sustains on the 2-core machine: per order the emulator builds and
// sends four webhooks (orders/create, orders/updated and the two customers/update echoes) and serves
// two Admin API calls (the tag delta, the Flow trigger), all on the same cores as the app. Above the
// sustainable rate a backlog grows and the figure measures the machine's throughput, not freshness.
// The default plan is Plus; at Standard's 100 points/s the tag write (20 points) plus the Flow call
// cap any app at about 4 orders/s. Needs a build: TSUNAGU_BUILD_DIR (default build/) is built first
// when its index.js is missing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { planNamed } from "../emulator/plans";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { startLocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";
import { ensureBuild, median, migratedDatabase, percentile } from "./bench-setup";

const NOW = "2026-11-20T03:00:00.000Z";
const PROCESSED_AT = "2026-11-20T11:59:00+09:00";

interface Options {
  orders: number;
  rate: number;
  plan: string;
  runs: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { orders: 1000, rate: 3, plan: "plus", runs: 1, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") options.json = true;
    else if (arg === "--orders") options.orders = Number(argv[++i]);
    else if (arg === "--rate") options.rate = Number(argv[++i]);
    else if (arg === "--plan") options.plan = String(argv[++i]);
    else if (arg === "--runs") options.runs = Number(argv[++i]);
    else throw new Error(`Unknown argument ${arg}`);
  }
  for (const key of ["orders", "rate", "runs"] as const) {
    if (!(options[key] > 0)) throw new Error(`--${key} must be a positive number`);
  }
  planNamed(options.plan);
  return options;
}

interface RunResult {
  latenciesMs: number[];
  wallSeconds: number;
  throttled: number;
}

async function runOnce(options: Options, log: (line: string) => void): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-freshness-"));
  process.env.DATABASE_URL = migratedDatabase(dir);
  const store: EmulatedShop = createEmptyShop({
    domain: "freshness-bench.myshopify.com",
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    now: new Date(NOW),
    plan: planNamed(options.plan),
  });
  const prospects = Array.from({ length: options.orders }, () => store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" }));
  const warmUp = store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" });
  const shopify = await startLocalShopify({ shops: [store], now: NOW });
  // Interrupted (Ctrl-C, timeout): stop the app process too, instead of leaving it behind.
  const interrupted = () => void shopify.stop().finally(() => process.exit(130));
  process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
  try {
    const tagged = (tag: string) => [...prospects, warmUp].every((id) => store.customerTags(id).includes(tag));
    if ((await shopify.openApp(store.domain)).status !== 200) throw new Error("The app did not install");
    await waitFor(async () => tagged("tsunagu:prospect"), { timeoutMs: 300_000, what: "the first sync to tag every prospect" });
    log(`first sync done: ${prospects.length} prospects tagged`);

    const newTagAt = new Map<string, number>();
    store.onChange((event) => {
      if (event.topic === "customer.tags_added" && event.tags?.includes("tsunagu:new")) newTagAt.set(event.resourceId, Date.now());
    });
    // Steady state: one order first, timed out of the run. The shop's jobs run one at a time, so its tag
    // also means the jobs queued after the install (checkouts, history, predictions) have finished.
    shopify.emulator.webhookAutoDelivery.enabled = true;
    store.addOrder({ customerId: warmUp, processedAt: PROCESSED_AT, lineItems: [{ sku: "SENCHA", quantity: 1, unitPrice: 3000 }] });
    await waitFor(async () => store.customerTags(warmUp).includes("tsunagu:new"), { timeoutMs: 300_000, what: "the warm-up order's tag" });
    await shopify.emulator.webhookAutoDelivery.idle();
    const requestsBefore = shopify.emulator.requestLog.length;
    const deliveriesBefore = shopify.emulator.webhookAutoDelivery.log.length;
    const started = Date.now();
    const intervalMs = 1000 / options.rate;
    for (let i = 0; i < prospects.length; i++) {
      const due = started + i * intervalMs;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      store.addOrder({ customerId: prospects[i], processedAt: PROCESSED_AT, lineItems: [{ sku: "SENCHA", quantity: 1, unitPrice: 3000 }] });
    }
    await waitFor(async () => prospects.every((id) => newTagAt.has(id)), {
      timeoutMs: 600_000,
      intervalMs: 100,
      what: `every customer's new tag`,
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${prospects.filter((id) => newTagAt.has(id)).length}/${prospects.length} tagged`);
    });
    const wallSeconds = (Date.now() - started) / 1000;
    await shopify.emulator.webhookAutoDelivery.idle();

    const sentAt = new Map<string, number>();
    for (const delivery of shopify.emulator.webhookAutoDelivery.log.slice(deliveriesBefore)) {
      if (delivery.topic !== "orders/create") continue;
      const customer = store.getOrder(delivery.resourceId)?.customerId;
      if (customer && !sentAt.has(customer)) sentAt.set(customer, delivery.sentAt);
    }
    const latenciesMs = prospects.map((id) => newTagAt.get(id)! - sentAt.get(id)!);
    const throttled = shopify.emulator.requestLog.slice(requestsBefore).filter((r) => r.throttled).length;
    return { latenciesMs, wallSeconds, throttled };
  } catch (error) {
    const appErrors = shopify.app
      .output()
      .split("\n")
      .filter((line) => line.includes("[tsunagu]") || /error/i.test(line));
    throw new Error(`${String(error)}\napp errors:\n${appErrors.slice(-20).join("\n")}`, { cause: error });
  } finally {
    process.off("SIGINT", interrupted).off("SIGTERM", interrupted);
    await shopify.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(options.json ? `# ${line}` : line);
  ensureBuild();
  log(`${options.orders} order webhooks at ${options.rate}/s, ${options.plan} plan, ${options.runs} run(s)`);
  const p50s: number[] = [];
  const p95s: number[] = [];
  let throttled = 0;
  for (let run = 1; run <= options.runs; run++) {
    const result = await runOnce(options, log);
    const sorted = [...result.latenciesMs].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50) / 1000;
    const p95 = percentile(sorted, 95) / 1000;
    p50s.push(p50);
    p95s.push(p95);
    throttled += result.throttled;
    log(
      `run ${run}: p50 ${p50.toFixed(3)} s, p95 ${p95.toFixed(3)} s, max ${(sorted.at(-1)! / 1000).toFixed(3)} s, ` +
        `all tags in ${result.wallSeconds.toFixed(1)} s, THROTTLED ${result.throttled}`,
    );
  }
  const summary = {
    p50Seconds: Number(median(p50s).toFixed(3)),
    p95Seconds: Number(median(p95s).toFixed(3)),
    orders: options.orders,
    ratePerSecond: options.rate,
    plan: options.plan,
    runs: options.runs,
    throttled,
  };
  if (options.json) console.log(JSON.stringify(summary));
  else log(`median over runs: p50 ${summary.p50Seconds} s, p95 ${summary.p95Seconds} s (target p95 <= 5 s)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
