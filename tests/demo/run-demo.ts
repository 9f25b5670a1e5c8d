// npm run demo: the local Shopify emulator with the Online Retail store, the app against it, the
// first sync (started by the install, as on Shopify), then the admin-shell URL to open in a browser.
//   Options: --store <online-retail|cdnow> --plan <standard|advanced|plus|enterprise> --port <emulator port>
//            --app-port <port> --once (exit after the first sync; used by the tests)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { registerApp } from "../emulator/app-config";
import { embeddedAppUrl } from "../emulator/admin-shell";
import { planNamed } from "../emulator/plans";
import { isStoreName, seedStore, STORES } from "../emulator/seed";
import { startEmulator } from "../emulator/server";
import { startAppProcess } from "../helpers/app-process";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";

const REPO_ROOT = path.resolve(__dirname, "../..");
const { values } = parseArgs({
  options: {
    store: { type: "string", default: "online-retail" },
    plan: { type: "string", default: "plus" },
    port: { type: "string", default: "4100" },
    "app-port": { type: "string", default: "3100" },
    once: { type: "boolean", default: false },
  },
});

function log(message: string) {
  console.log(`[demo] ${message}`);
}

async function main() {
  if (!isStoreName(values.store!)) throw new Error(`--store must be online-retail or cdnow`);
  const appPort = Number(values["app-port"]);
  const databaseFile = path.join(REPO_ROOT, "prisma", "demo.db");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(databaseFile + suffix, { force: true });
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
    stdio: "ignore",
  });

  let started = Date.now();
  const shop = await seedStore(values.store, { plan: planNamed(values.plan!) });
  log(`seeded ${shop.domain} from the real ${values.store} data in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const emulator = await startEmulator({
    app: registerApp({ ...TEST_APP, appUrl: `http://127.0.0.1:${appPort}` }),
    shops: [shop],
    port: Number(values.port),
  });
  log(`Shopify emulator on ${emulator.url} (${values.plan} plan rate limits)`);
  const app = await startAppProcess({
    port: appPort,
    emulatorUrl: emulator.url,
    databaseUrl: `file:${databaseFile}`,
    now: STORES[values.store].now,
  });
  log(`app on ${app.url}, "now" = ${STORES[values.store].now}`);

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
      | { status: string; phase: string; customersRead: number; ordersRead: number; customersTotal: number | null; ordersTotal: number | null; error: string | null }
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
  const counts = db.prepare("SELECT stage, COUNT(*) AS n FROM Customer GROUP BY stage ORDER BY n DESC").all();
  db.close();
  log(`first sync took ${seconds.toFixed(1)} s; segments: ${counts.map((c: any) => `${c.stage} ${c.n}`).join(", ")}`);
  const result = {
    shop: shop.domain,
    firstSyncSeconds: Number(seconds.toFixed(1)),
    segments: Object.fromEntries(counts.map((c: any) => [c.stage, c.n])),
    adminShellUrl: emulator.adminShellUrl(shop.domain),
  };
  log(`open the app in a browser: ${result.adminShellUrl}  (Japanese: ${emulator.adminShellUrl(shop.domain, { locale: "ja" })})`);
  if (values.once) {
    console.log(JSON.stringify(result));
    await app.stop();
    await emulator.close();
    return;
  }
  log("Ctrl-C stops the app and the emulator.");
  const stop = async () => {
    await app.stop();
    await emulator.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(`[demo] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
