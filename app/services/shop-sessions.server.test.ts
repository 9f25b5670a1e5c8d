// A shop's offline session is what the Shopify library's session storage holds under its offline id
// (offline_<shop>): jobs get their client from it, and a scopes update reaches every session of the shop.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { adminClientFor, adminClientIfInstalled, updateSessionScopes } from "./shop-sessions.server";

const SHOP = "sessions.myshopify.com";
const OTHER = "other.myshopify.com";
let server: http.Server;
const tokensSeen: (string | undefined)[] = [];

beforeAll(async () => {
  // A stand-in Admin API that records the access token each request carries.
  server = http.createServer((request, response) => {
    tokensSeen.push(request.headers["x-shopify-access-token"] as string | undefined);
    request
      .resume()
      .on("end", () =>
        response.setHeader("Content-Type", "application/json").end(JSON.stringify({ data: { shop: { ianaTimezone: "Asia/Tokyo" } } })),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SHOPIFY_API_ORIGIN = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await prisma.session.createMany({
    data: [
      { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: "shpat_offline", scope: "read_orders" },
      { id: `${SHOP}_42`, shop: SHOP, state: "", isOnline: true, accessToken: "shpua_online", scope: "read_orders" },
      { id: `offline_${OTHER}`, shop: OTHER, state: "", isOnline: false, accessToken: "shpat_other", scope: "read_orders" },
    ],
  });
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await new Promise((resolve) => server.close(resolve));
});

describe("a shop's sessions", () => {
  it("give jobs a client that calls the Admin API with the shop's offline token, not an online one", async () => {
    const admin = await adminClientFor(SHOP);
    expect(admin.shop).toBe(SHOP);
    await admin.request("query ShopZone { shop { ianaTimezone } }");
    expect(tokensSeen).toEqual(["shpat_offline"]);
  });

  it("refuse a client for a shop without an offline session (it must install again)", async () => {
    await expect(adminClientFor("gone.myshopify.com")).rejects.toThrow(/Could not find a session for shop gone\.myshopify\.com/);
    expect(await adminClientIfInstalled("gone.myshopify.com")).toBeNull();
    expect((await adminClientIfInstalled(SHOP))?.shop).toBe(SHOP);
  });

  it("all take the scopes of an app/scopes_update webhook, and no other shop's does", async () => {
    await updateSessionScopes(SHOP, ["read_orders", "read_customers"]);
    const scopes = await prisma.session.findMany({ select: { id: true, scope: true }, orderBy: { id: "asc" } });
    expect(scopes).toEqual([
      { id: `offline_${OTHER}`, scope: "read_orders" },
      { id: `offline_${SHOP}`, scope: "read_orders,read_customers" },
      { id: `${SHOP}_42`, scope: "read_orders,read_customers" },
    ]);
  });
});
