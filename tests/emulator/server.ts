// The local Shopify emulator's HTTP face: the Admin GraphQL API per shop (token-selected), OAuth
// token exchange, session tokens, the admin shell with the App Bridge stand-in, and webhooks.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { jwtVerify } from "jose";
import type { AppRegistration } from "./app-config";
import { createAdminGraphql } from "./admin-graphql";
import { renderAdminShell } from "./admin-shell";
import { mintSessionToken } from "./session-token";
import type { EmulatedShop } from "./store";
import { deliverWebhook, type WebhookDelivery, type WebhookResult } from "./webhook-delivery";
import { createWebhookAutoDelivery, type WebhookAutoDelivery } from "./webhook-auto-delivery";
import { FEATURE_ROUTES, type FeatureRouteContext } from "./feature-routes";
import { bindBulkHost, bulkFaults, type BulkFaults } from "./bulk-operations";

export interface Emulator {
  /** e.g. http://127.0.0.1:4100 */
  url: string;
  app: AppRegistration;
  shops: Map<string, EmulatedShop>;
  addShop(shop: EmulatedShop): void;
  sessionToken(shop: string): Promise<string>;
  adminShellUrl(shop: string, options?: { locale?: string; path?: string }): string;
  sendWebhook(delivery: WebhookDelivery): Promise<WebhookResult>;
  /** Store changes -> webhooks to the app (off unless `autoDeliverWebhooks`; switchable). */
  webhookAutoDelivery: WebhookAutoDelivery;
  /** Fault switch for tests: the next `count` Admin API requests answer `status` instead. */
  failNextAdminRequests(count: number, status?: number): void;
  /** Fault switches of a shop's bulk operations and result downloads (bulk-operations.ts). */
  bulkFaults(shop: string): BulkFaults;
  /** Admin API requests served, by shop (tests assert on pacing and retries). */
  requestLog: { shop: string; status: number; throttled: boolean; at: number }[];
  close(): Promise<void>;
}

export interface EmulatorOptions {
  app: AppRegistration;
  shops: EmulatedShop[];
  port?: number;
  host?: string;
  /** Deliver the app's subscribed topics whenever a store changes, as Shopify does (default off). */
  autoDeliverWebhooks?: boolean;
}

const APP_BRIDGE_STAND_IN = path.join(__dirname, "app-bridge-stand-in.js");
const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

async function readBytes(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  return (await readBytes(request)).toString("utf8");
}

function send(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
    ...headers,
  });
  response.end(text);
}

export async function startEmulator({
  app,
  shops,
  port = 0,
  host = "127.0.0.1",
  autoDeliverWebhooks = false,
}: EmulatorOptions): Promise<Emulator> {
  const byDomain = new Map<string, EmulatedShop>();
  const byToken = new Map<string, EmulatedShop>();
  const webhookAutoDelivery = createWebhookAutoDelivery(app, { enabled: autoDeliverWebhooks });
  let origin = "";
  const addShop = (shop: EmulatedShop) => {
    byDomain.set(shop.domain, shop);
    byToken.set(shop.accessToken, shop);
    webhookAutoDelivery.watch(shop);
    if (origin) bindBulkHost(shop, { origin, app });
  };
  shops.forEach(addShop);
  const adminGraphql = createAdminGraphql();
  const requestLog: Emulator["requestLog"] = [];
  let injectedFailures: { remaining: number; status: number } = { remaining: 0, status: 503 };
  const sessionToken = (shop: string) => mintSessionToken({ shop, apiKey: app.apiKey, apiSecret: app.apiSecret });

  async function tokenExchange(body: string): Promise<[number, unknown]> {
    let params: Record<string, string>;
    try {
      params = JSON.parse(body);
    } catch {
      params = Object.fromEntries(new URLSearchParams(body));
    }
    if (params.client_id !== app.apiKey || params.client_secret !== app.apiSecret) {
      return [401, { error: "invalid_client", error_description: "Client authentication failed" }];
    }
    if (params.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange") {
      return [400, { error: "unsupported_grant_type" }];
    }
    let shop: EmulatedShop | undefined;
    let userId: number;
    try {
      const { payload } = await jwtVerify(params.subject_token ?? "", new TextEncoder().encode(app.apiSecret), {
        algorithms: ["HS256"],
        audience: app.apiKey,
      });
      shop = byDomain.get(new URL(String(payload.dest)).hostname);
      userId = Number(payload.sub);
    } catch {
      return [400, { error: "invalid_subject_token", error_description: "The subject token is invalid or expired" }];
    }
    if (!shop) return [400, { error: "invalid_subject_token", error_description: "Unknown shop" }];
    const scope = app.scopes.filter((s) => shop!.scopes.has(s)).join(",");
    if (params.requested_token_type === "urn:shopify:params:oauth:token-type:online-access-token") {
      return [
        200,
        {
          access_token: shop.accessToken,
          scope,
          expires_in: 86_399,
          associated_user_scope: scope,
          associated_user: {
            id: userId,
            first_name: "Staff",
            last_name: "Member",
            email: "staff@example.com",
            account_owner: true,
            locale: "en",
            collaborator: false,
            email_verified: true,
          },
        },
      ];
    }
    return [200, { access_token: shop.accessToken, scope }];
  }

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
    try {
      if (request.method === "POST" && /^\/admin\/api\/[\w-]+\/graphql\.json$/.test(url.pathname)) {
        const shop = byToken.get(String(request.headers["x-shopify-access-token"] ?? ""));
        if (!shop) return send(response, 401, INVALID_TOKEN_BODY);
        if (injectedFailures.remaining > 0) {
          injectedFailures.remaining -= 1;
          requestLog.push({ shop: shop.domain, status: injectedFailures.status, throttled: false, at: Date.now() });
          return send(response, injectedFailures.status, { errors: "Service Unavailable" });
        }
        const raw = await readBody(request);
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          return send(response, 400, { errors: { query: "Required parameter missing or invalid" } });
        }
        const result = await adminGraphql(shop, body);
        const errors = (result.body as { errors?: { extensions?: { code?: string } }[] }).errors;
        requestLog.push({
          shop: shop.domain,
          status: result.status,
          throttled: Array.isArray(errors) && errors.some((e) => e.extensions?.code === "THROTTLED"),
          at: Date.now(),
        });
        return send(response, result.status, result.body);
      }
      if (request.method === "POST" && url.pathname === "/admin/oauth/access_token") {
        const [status, body] = await tokenExchange(await readBody(request));
        return send(response, status, body);
      }
      if (request.method === "GET" && url.pathname === "/admin/session-token") {
        const shop = url.searchParams.get("shop") ?? "";
        const cors = { "Access-Control-Allow-Origin": "*" };
        if (!byDomain.has(shop) || url.searchParams.get("api_key") !== app.apiKey) {
          return send(response, 404, { error: "unknown shop or app" }, cors);
        }
        return send(response, 200, { idToken: await sessionToken(shop) }, cors);
      }
      if (request.method === "GET" && url.pathname === "/app-bridge.js") {
        response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "max-age=300" });
        return response.end(fs.readFileSync(APP_BRIDGE_STAND_IN));
      }
      const shell = /^\/store\/([\w-]+)\/apps\/([\w-]+)(\/.*)?$/.exec(url.pathname);
      if (request.method === "GET" && shell) {
        const shop = `${shell[1]}.myshopify.com`;
        if (!byDomain.has(shop)) return send(response, 404, `<p>No store ${shell[1]} in this emulator.</p>`);
        return send(
          response,
          200,
          renderAdminShell({
            shop,
            appUrl: app.appUrl,
            appHandle: app.handle,
            apiSecret: app.apiSecret,
            idToken: await sessionToken(shop),
            locale: url.searchParams.get("locale") ?? "en",
            path: shell[3] ? `/app${shell[3]}` : "/app",
            appQuery: new URLSearchParams([...url.searchParams].filter(([key]) => key !== "locale")),
          }),
        );
      }
      if (request.method === "POST" && url.pathname === "/__emulator/webhooks") {
        const delivery = JSON.parse(await readBody(request)) as WebhookDelivery;
        return send(response, 200, await deliverWebhook(app, delivery));
      }
      const context: FeatureRouteContext = {
        request,
        response,
        url,
        origin,
        app,
        shopByDomain: (domain) => byDomain.get(domain),
        shopByAccessToken: (token) => byToken.get(token),
        readBody: () => readBytes(request),
        send: (status, body, headers) => send(response, status, body, headers),
      };
      for (const route of FEATURE_ROUTES) if (await route(context)) return;
      send(response, 404, { errors: "Not Found" });
    } catch (error) {
      send(response, 500, { errors: String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: boundPort } = server.address() as AddressInfo;
  origin = `http://${host}:${boundPort}`;
  for (const shop of byDomain.values()) bindBulkHost(shop, { origin, app });

  return {
    url: origin,
    app,
    shops: byDomain,
    addShop,
    sessionToken,
    adminShellUrl: (shop, { locale = "en", path: appPath = "" } = {}) =>
      `${origin}/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/${app.handle}${appPath}${appPath.includes("?") ? "&" : "?"}locale=${locale}`,
    sendWebhook: (delivery) => deliverWebhook(app, delivery),
    webhookAutoDelivery,
    bulkFaults: (domain) => {
      const shop = byDomain.get(domain);
      if (!shop) throw new Error(`No shop ${domain} in this emulator`);
      return bulkFaults(shop);
    },
    failNextAdminRequests: (count, status = 503) => {
      injectedFailures = { remaining: count, status };
    },
    requestLog,
    close: () =>
      new Promise<void>((resolve, reject) => {
        webhookAutoDelivery.stop();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
