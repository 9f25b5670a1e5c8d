// Web processes keep no state between requests (docs/architecture.md §3): two app processes behind one "load
// balancer" (requests alternate between them) on one database count a storefront rate limit together,
// so a shopper flooding the review endpoint is refused after the same 20 attempts as with one process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerApp } from "../emulator/app-config";
import { proxiedAppUrl } from "../emulator/app-proxy";
import { startEmulator, type Emulator } from "../emulator/server";
import { startAppProcess, type AppProcess } from "../helpers/app-process";
import { freePort } from "../helpers/free-port";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";

const SHOP = "two-processes.myshopify.com";
let emulator: Emulator;
const apps: AppProcess[] = [];

beforeAll(async () => {
  const ports = [await freePort(), await freePort()];
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: `http://127.0.0.1:${ports[0]}` }), shops: [] });
  for (const port of ports) apps.push(await startAppProcess({ port, emulatorUrl: emulator.url, databaseUrl: process.env.DATABASE_URL! }));
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await emulator?.close();
});

/** A review posted through the app proxy by a shopper who is not logged in, from one address. */
async function postReviewVia(app: AppProcess): Promise<number> {
  const url = proxiedAppUrl({ appUrl: app.url, apiSecret: TEST_APP.apiSecret, shop: SHOP, path: "/reviews", loggedInCustomerId: null });
  const response = await fetch(url, {
    method: "POST",
    headers: { ...BROWSER_HEADERS, "Content-Type": "application/json", "X-Forwarded-For": "198.51.100.9" },
    body: JSON.stringify({ product_id: "1", rating: 5, title: "Soft", body: "Soft." }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("two web processes on one database", () => {
  it("count one address's attempts together: the 21st, wherever it lands, is refused", async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push(await postReviewVia(apps[i % 2]));
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);
  });
});
