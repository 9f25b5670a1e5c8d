// npm run demo: the local Shopify emulator with the Online Retail store, the app against it, the
// first sync (started by the install, as on Shopify), then the admin-shell URL to open in a browser.
// Runs until SIGTERM or SIGINT (then stops the app and the emulator).
//   --store <online-retail|cdnow|empty>   the shop (empty: no customers, no orders)
//   --plan <standard|advanced|plus|enterprise>
//   --port <emulator port> --app-port <port>   0 = any free port
//   --database <file>   the app's SQLite file (default prisma/demo.db), recreated at start
//   --json   when ready, print one JSON line on stdout:
//            {"shop","appUrl","emulatorUrl","adminShellUrl","apiSecret","databaseUrl"}; the log goes to stderr
//   --shopper-seed <n>   seed of the simulated shoppers (default 1; simulate-shoppers.ts), --no-shoppers: none
//   --scenario-weeks <n>   simulated weeks of the first-time customers' scenario before "now" (default 40;
//                          simulate-scenario.ts; 0: none), --scenario-uplift <rate> the simulated shoppers'
//                          true uplift (default 0.15), --scenario-seed <n> (default 1)
//   --once   exit after the first sync, printing its summary as JSON (used by the README's figures)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { registerApp } from "../emulator/app-config";
import { embeddedAppUrl } from "../emulator/admin-shell";
import { planNamed } from "../emulator/plans";
import { isStoreName, seedStore, STORES } from "../emulator/seed";
import type { EmulatedShop } from "../emulator/store";
import { startEmulator } from "../emulator/server";
import { startAppProcess } from "../helpers/app-process";
import { freePort } from "../helpers/free-port";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";
import { dateSubmissions, planShoppers, sendShoppers } from "./simulate-shoppers";

const REPO_ROOT = path.resolve(__dirname, "../..");
const { values } = parseArgs({
  options: {
    store: { type: "string", default: "online-retail" },
    plan: { type: "string", default: "plus" },
    port: { type: "string", default: "4100" },
    "app-port": { type: "string", default: "3100" },
    database: { type: "string", default: path.join(REPO_ROOT, "prisma", "demo.db") },
    json: { type: "boolean", default: false },
    once: { type: "boolean", default: false },
    "shopper-seed": { type: "string", default: "1" },
    "no-shoppers": { type: "boolean", default: false },
    "scenario-weeks": { type: "string", default: "40" },
    "scenario-uplift": { type: "string", default: "0.15" },
    "scenario-seed": { type: "string", default: "1" },
  },
});

function log(message: string) {
  (values.json ? process.stderr : process.stdout).write(`[demo] ${message}\n`);
}

/** Stops what has started so far (the app is a child process that would outlive this one). */
let stopStarted = async () => {};

async function main() {
  if (!isStoreName(values.store!)) throw new Error(`--store must be one of ${Object.keys(STORES).join(", ")}`);
  const store = values.store;
  const appPort = Number(values["app-port"]) || (await freePort());
  const databaseFile = path.resolve(values.database!);
  const databaseUrl = `file:${databaseFile}`;
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(databaseFile + suffix, { force: true });
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "ignore",
  });

  let started = Date.now();
  const shop = await seedStore(store, { plan: planNamed(values.plan!) });
  log(`seeded ${shop.domain} (${store}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const emulator = await startEmulator({
    app: registerApp({ ...TEST_APP, appUrl: `http://127.0.0.1:${appPort}` }),
    shops: [shop],
    port: Number(values.port),
  });
  log(`Shopify emulator on ${emulator.url} (${values.plan} plan rate limits)`);
  stopStarted = () => emulator.close();
  // The emulator synthesizes every visit of the seeds' orders (docs/touchpoints.md §3): the app says so.
  const app = await startAppProcess({
    port: appPort,
    emulatorUrl: emulator.url,
    databaseUrl,
    now: STORES[store].now,
    env: { TSUNAGU_DEMO_DATA: "synthesized" },
  });
  log(`app on ${app.url}, database ${databaseFile}, "now" = ${STORES[store].now}`);
  stopStarted = async () => {
    stopStarted = async () => {};
    await app.stop();
    await emulator.close();
  };
  const stop = async () => {
    await stopStarted();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  // Opening the app from the admin for the first time installs it: token exchange, then the sync.
  started = Date.now();
  const install = await fetch(
    embeddedAppUrl({
      shop: shop.domain,
      appUrl: app.url,
      appHandle: emulator.app.handle,
      apiSecret: TEST_APP.apiSecret,
      idToken: await emulator.sessionToken(shop.domain),
      locale: "en",
    }),
    { headers: BROWSER_HEADERS },
  );
  if (!install.ok) throw new Error(`Opening the app failed with HTTP ${install.status}:\n${app.output()}`);

  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  let lastLine = "";
  for (;;) {
    const run = db.prepare("SELECT * FROM SyncRun ORDER BY id DESC LIMIT 1").get() as
      | {
          status: string;
          phase: string;
          customersRead: number;
          ordersRead: number;
          customersTotal: number | null;
          ordersTotal: number | null;
          error: string | null;
        }
      | undefined;
    if (run) {
      const line = `sync ${run.status}: ${run.phase} — customers ${run.customersRead}/${run.customersTotal ?? "?"}, orders ${run.ordersRead}/${run.ordersTotal ?? "?"}`;
      if (line !== lastLine) log(line);
      lastLine = line;
      if (run.status === "failed") throw new Error(`The first sync failed: ${run.error}\n${app.output()}`);
      if (run.status === "completed") break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const seconds = (Date.now() - started) / 1000;
  const counts = db.prepare("SELECT stage, COUNT(*) AS n FROM Customer GROUP BY stage ORDER BY n DESC").all() as {
    stage: string;
    n: number;
  }[];
  db.close();
  log(`first sync took ${seconds.toFixed(1)} s; segments: ${counts.map((c) => `${c.stage} ${c.n}`).join(", ") || "none"}`);
  let shoppersSent = 0;
  if (!values["no-shoppers"]) {
    started = Date.now();
    const plan = planShoppers(shop, { seed: Number(values["shopper-seed"]), now: new Date(STORES[store].now) });
    const results = await sendShoppers(plan, {
      appUrl: app.url,
      apiKey: TEST_APP.apiKey,
      apiSecret: TEST_APP.apiSecret,
      shop: shop.domain,
      emulator,
      pauseMs: 20,
    });
    shoppersSent = results.length;
    const tally = new Map<string, number>();
    for (const { kind, status } of results) tally.set(`${kind} ${status}`, (tally.get(`${kind} ${status}`) ?? 0) + 1);
    const summary = [...tally].map(([key, n]) => `${n} × ${key}`).join(", ");
    const writable = new Database(databaseFile, { fileMustExist: true });
    const dated = dateSubmissions(writable, shop.domain, plan);
    writable.close();
    log(
      `simulated shoppers (seed ${values["shopper-seed"]}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary || "none (no customers)"}; dated ${dated.reviews} reviews and ${dated.npsAnswers} NPS answers when sent`,
    );
    const failed = results.find((r) => r.error);
    if (failed) log(`a simulated ${failed.kind} failed: ${failed.error}\n${app.output().slice(-2000)}`);
  }
  const scenario = await simulateDemoScenario(shop, emulator.url, databaseUrl);
  if (shoppersSent > 0 || scenario) await refreshAfterSimulations(shop, emulator.url, databaseUrl);
  const adminShellUrl = emulator.adminShellUrl(shop.domain);
  log(`open the app in a browser: ${adminShellUrl}  (Japanese: ${emulator.adminShellUrl(shop.domain, { locale: "ja" })})`);
  if (values.json) {
    const ready = {
      shop: shop.domain,
      appUrl: app.url,
      emulatorUrl: emulator.url,
      adminShellUrl,
      apiSecret: TEST_APP.apiSecret,
      databaseUrl,
    };
    process.stdout.write(`${JSON.stringify(ready)}\n`);
  }
  if (values.once) {
    const summary = {
      shop: shop.domain,
      firstSyncSeconds: Number(seconds.toFixed(1)),
      segments: Object.fromEntries(counts.map((c) => [c.stage, c.n])),
      scenario,
      adminShellUrl,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    await stop();
  }
  log("SIGTERM or Ctrl-C stops the app and the emulator.");
}

/**
 * The first-time customers' scenario (the demo's bottleneck: first order → second order), created as
 * the editor does and run over the simulated weeks before "now" (tests/demo/simulate-scenario.ts), so
 * its results page, labelled simulated, shows the measured uplift. Returns its figures for --once.
 */
async function simulateDemoScenario(shop: EmulatedShop, emulatorUrl: string, databaseUrl: string) {
  const weeks = Number(values["scenario-weeks"]);
  if (!(weeks > 0) || shop.orders.length === 0) return null;
  const started = Date.now();
  const cpuStarted = process.cpuUsage();
  // The app's own code in this process, against the demo's database and the emulator.
  process.env.DATABASE_URL = databaseUrl;
  process.env.SHOPIFY_API_ORIGIN = emulatorUrl;
  const { createDemoScenario, simulateScenario } = await import("./simulate-scenario");
  const { createAdminClient } = await import("../../app/shopify/admin-client.server");
  const { default: prisma } = await import("../../app/db.server");
  const simulation = await simulateScenario({
    store: shop,
    admin: createAdminClient({ shop: shop.domain, accessToken: shop.accessToken }),
    scenarioId: await createDemoScenario(shop.domain),
    now: new Date(STORES[values.store as keyof typeof STORES].now),
    weeks,
    uplift: Number(values["scenario-uplift"]),
    seed: Number(values["scenario-seed"]),
  });
  await prisma.$disconnect();
  const cpu = process.cpuUsage(cpuStarted);
  const { results } = simulation;
  const uplift = results.uplift;
  const seconds = (Date.now() - started) / 1000;
  log(
    `simulated scenario ${simulation.scenarioId} (first-time customers, ${weeks} weeks, seed ${values["scenario-seed"]}) in ${seconds.toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s): ` +
      `${simulation.entrants} entrants (${simulation.heldOut} held out), ${simulation.stepsFired} steps fired, ${simulation.codesCreated} codes, ${simulation.codesRedeemed} redeemed, ${simulation.simulatedOrders} simulated orders; ` +
      (uplift
        ? `conversion uplift ${(uplift.conversionUplift * 100).toFixed(1)} pt [${uplift.conversionCi.map((x) => (x * 100).toFixed(1)).join(", ")}] (true ${(simulation.trueConversionUplift * 100).toFixed(1)} pt), incremental revenue after discounts ${uplift.incrementalRevenue.toFixed(2)}`
        : "no uplift yet"),
  );
  return {
    id: simulation.scenarioId,
    weeks,
    seconds: Number(seconds.toFixed(1)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    entrants: simulation.entrants,
    heldOut: simulation.heldOut,
    stepsFired: simulation.stepsFired,
    codesCreated: simulation.codesCreated,
    codesRedeemed: simulation.codesRedeemed,
    simulatedOrders: simulation.simulatedOrders,
    trueConversionUplift: simulation.trueConversionUplift,
    conversionUplift: uplift?.conversionUplift ?? null,
    conversionCi: uplift?.conversionCi ?? null,
    incrementalRevenue: uplift?.incrementalRevenue ?? null,
    discountCost: uplift?.discountCost ?? null,
    enough: results.sufficiency?.enough ?? null,
  };
}

/**
 * The simulated answers and orders arrived after the first sync's own refresh, and the demo's "now" is
 * pinned, so the next daily refresh never comes: run it now (segments, predictions, reports, tags, Flow
 * triggers, then the journey's days), so every page includes them.
 */
async function refreshAfterSimulations(shop: EmulatedShop, emulatorUrl: string, databaseUrl: string) {
  const started = Date.now();
  process.env.DATABASE_URL = databaseUrl;
  process.env.SHOPIFY_API_ORIGIN = emulatorUrl;
  const { refreshShop } = await import("../../app/jobs/daily-refresh.server");
  const { syncCheckouts } = await import("../../app/jobs/sync-checkouts.server");
  const { createAdminClient } = await import("../../app/shopify/admin-client.server");
  const { default: prisma } = await import("../../app/db.server");
  const admin = createAdminClient({ shop: shop.domain, accessToken: shop.accessToken });
  const asOf = new Date(STORES[values.store as keyof typeof STORES].now);
  // The checkouts' sync first: its journey rebuild takes up the first acts of advocacy of the answers the
  // demo dated after the app stored them, which the daily refresh's acquisition report reads.
  await syncCheckouts({ shop: shop.domain, admin, now: asOf });
  await refreshShop({ shop: shop.domain, admin, asOf });
  await prisma.$disconnect();
  log(`refreshed the shop with the simulated answers and orders in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch(async (error) => {
  console.error(`[demo] ${error instanceof Error ? error.message : error}`);
  await stopStarted();
  process.exit(1);
});
