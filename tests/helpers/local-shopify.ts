// A local Shopify (the emulator) with the app running against it, for integration and browser tests.
import { registerApp } from "../emulator/app-config";
import { embeddedAppUrl } from "../emulator/admin-shell";
import { startEmulator, type Emulator } from "../emulator/server";
import type { EmulatedShop } from "../emulator/store";
import { startAppProcess, type AppProcess } from "./app-process";
import { freePort } from "./free-port";
import { BROWSER_HEADERS, TEST_APP } from "./test-app";

export interface LocalShopify {
  emulator: Emulator;
  app: AppProcess;
  /** Open the app from the admin, as a merchant does: the first time, this installs it. */
  openApp(shop: string, options?: { locale?: string; path?: string }): Promise<Response>;
  /** Call the shop's Admin API as the app would (with the shop's access token). */
  adminApi<T>(shop: EmulatedShop, query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** `appEnv`: extra environment of the app process (e.g. TSUNAGU_ROLE=web beside separate workers). */
export async function startLocalShopify({
  shops,
  now,
  appEnv,
}: {
  shops: EmulatedShop[];
  now: string;
  appEnv?: Record<string, string>;
}): Promise<LocalShopify> {
  const appPort = await freePort();
  const emulator = await startEmulator({
    app: registerApp({ ...TEST_APP, appUrl: `http://127.0.0.1:${appPort}` }),
    shops,
  });
  const app = await startAppProcess({
    port: appPort,
    emulatorUrl: emulator.url,
    databaseUrl: process.env.DATABASE_URL!,
    now,
    env: appEnv,
  });
  return {
    emulator,
    app,
    async openApp(shop, { locale = "en", path } = {}) {
      return fetch(
        embeddedAppUrl({
          shop,
          appUrl: app.url,
          appHandle: emulator.app.handle,
          apiSecret: TEST_APP.apiSecret,
          idToken: await emulator.sessionToken(shop),
          locale,
          path,
        }),
        { headers: BROWSER_HEADERS },
      );
    },
    async adminApi<T>(shop: EmulatedShop, query: string, variables?: Record<string, unknown>) {
      const response = await fetch(`${emulator.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": shop.accessToken },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: T; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    async stop() {
      await app.stop();
      await emulator.close();
    },
  };
}
