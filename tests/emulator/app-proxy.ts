// The app proxy as Shopify runs it (docs/shopify.md §7): a storefront request to
// https://{shop}/{prefix}/{subpath}/rest is forwarded to the app's [app_proxy] url + /rest with
// shop, logged_in_customer_id (blank when nobody is logged in), path_prefix, timestamp and signature
// appended — signature = HMAC-SHA256 hex, with the app's secret, of the other query parameters sorted
// by key and joined as key=value with no separator (repeated keys joined by ","). Cookies are dropped.
//
// The emulator serves the storefront side at /storefront/<store>/<prefix>/<subpath>/…; the logged-in
// customer, which a real storefront knows from its session cookie, comes from the numeric
// X-Emulator-Customer-Id header.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { FeatureRoute } from "./feature-routes";

export interface AppProxyConfig {
  /** path on the app, e.g. "/proxy" */
  url: string;
  prefix: string;
  subpath: string;
}

const REPO_ROOT = path.resolve(__dirname, "../..");

/** [app_proxy] of shopify.app.toml. */
export function readAppProxyConfig(file = path.join(REPO_ROOT, "shopify.app.toml")): AppProxyConfig {
  const section = /^\[app_proxy\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(fs.readFileSync(file, "utf8"))?.[1];
  if (!section) throw new Error("shopify.app.toml has no [app_proxy] section");
  const value = (key: string) => {
    const found = new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(section)?.[1];
    if (found === undefined) throw new Error(`[app_proxy] has no ${key}`);
    return found;
  };
  return { url: value("url"), prefix: value("prefix"), subpath: value("subpath") };
}

/** Shopify's app-proxy signature of a query (everything but `signature` itself). */
export function appProxySignature(params: URLSearchParams, apiSecret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const message = [...grouped]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .join("");
  return crypto.createHmac("sha256", apiSecret).update(message).digest("hex");
}

export interface ProxiedRequestOptions {
  appUrl: string;
  apiSecret: string;
  shop: string;
  /** the part after /{prefix}/{subpath}, e.g. "/reviews" */
  path: string;
  /** numeric customer id, or null/undefined for a visitor who is not logged in */
  loggedInCustomerId?: string | number | null;
  /** the storefront request's own query parameters */
  query?: Record<string, string>;
  /** seconds since the epoch; default now */
  timestamp?: number;
  config?: AppProxyConfig;
}

/** The URL Shopify calls on the app for a storefront request through the proxy, signed. */
export function proxiedAppUrl({
  appUrl,
  apiSecret,
  shop,
  path: rest,
  loggedInCustomerId,
  query = {},
  timestamp = Math.floor(Date.now() / 1000),
  config = readAppProxyConfig(),
}: ProxiedRequestOptions): string {
  const params = new URLSearchParams(query);
  params.set("shop", shop);
  params.set("logged_in_customer_id", loggedInCustomerId == null ? "" : String(loggedInCustomerId));
  params.set("path_prefix", `/${config.prefix}/${config.subpath}`);
  params.set("timestamp", String(timestamp));
  params.set("signature", appProxySignature(params, apiSecret));
  return `${new URL(`${config.url.replace(/\/$/, "")}${rest}`, appUrl).href}?${params.toString()}`;
}

const FORWARDED_HEADERS = ["content-type", "accept", "user-agent", "accept-language"];

/** /storefront/<store>/<prefix>/<subpath>/… → the app, signed, as Shopify's proxy forwards it. */
export const appProxyRoute: FeatureRoute = async ({ request, url, app, shopByDomain, readBody, response }) => {
  const match = /^\/storefront\/([\w-]+)(\/.*)$/.exec(url.pathname);
  if (!match) return false;
  const config = readAppProxyConfig();
  const proxyRoot = `/${config.prefix}/${config.subpath}`;
  if (match[2] !== proxyRoot && !match[2].startsWith(`${proxyRoot}/`)) return false;
  const shop = `${match[1]}.myshopify.com`;
  if (!shopByDomain(shop)) return false;
  const customer = String(request.headers["x-emulator-customer-id"] ?? "");
  const target = proxiedAppUrl({
    appUrl: app.appUrl,
    apiSecret: app.apiSecret,
    shop,
    path: match[2].slice(proxyRoot.length),
    loggedInCustomerId: /^\d+$/.test(customer) ? customer : null,
    query: Object.fromEntries(url.searchParams),
    config,
  });
  const headers = new Headers({ "X-Forwarded-For": request.socket.remoteAddress ?? "127.0.0.1" });
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const method = request.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody());
  const answer = await fetch(target, { method, headers, body, redirect: "manual" });
  response.writeHead(answer.status, {
    "Content-Type": answer.headers.get("content-type") ?? "application/octet-stream",
    ...(answer.headers.get("retry-after") ? { "Retry-After": answer.headers.get("retry-after")! } : {}),
  });
  response.end(Buffer.from(await answer.arrayBuffer()));
  return true;
};
