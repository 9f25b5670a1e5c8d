// GIVEN two shops with the app installed and synced, WHEN each asks the Segments and Cohorts loaders
// (and the CSV route) with its own session token, THEN each sees only its own customers; without a
// valid session token nothing is answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { SHOPIFY_PLANS } from "../emulator/plans";
import type { EmulatedShop } from "../emulator/store";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { BROWSER_HEADERS } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";

const NOW = STORES["online-retail"].now;
let shopify: LocalShopify;
let big: EmulatedShop;
let small: EmulatedShop;

async function get(shop: EmulatedShop | null, pathAndQuery: string, token?: string): Promise<Response> {
  const idToken = token ?? (shop ? await shopify.emulator.sessionToken(shop.domain) : undefined);
  return fetch(`${shopify.app.url}${pathAndQuery}`, {
    headers: { ...BROWSER_HEADERS, ...(idToken ? { Authorization: `Bearer ${idToken}` } : {}) },
    redirect: "manual",
  });
}

const SEGMENTS_DATA = "/app/segments?_data=routes%2Fapp.segments._index";
const COHORTS_DATA = "/app/cohorts?months=24&_data=routes%2Fapp.cohorts";

async function stageCounts(shop: string): Promise<Record<string, number>> {
  const groups = await prisma.customer.groupBy({ by: ["stage"], where: { shop }, _count: { _all: true } });
  const counts: Record<string, number> = { prospect: 0, new: 0, regular: 0, vip: 0, dormant: 0, churned: 0 };
  for (const g of groups) counts[g.stage] = g._count._all;
  return counts;
}

beforeAll(async () => {
  big = await seedOnlineRetail({ limitCustomers: 40, now: new Date(NOW), plan: SHOPIFY_PLANS.plus });
  small = await seedOnlineRetail({
    limitCustomers: 15,
    now: new Date(NOW),
    plan: SHOPIFY_PLANS.plus,
    domain: "second-store.myshopify.com",
  });
  shopify = await startLocalShopify({ shops: [big, small], now: NOW });
  for (const store of [big, small]) {
    expect((await shopify.openApp(store.domain)).status).toBe(200);
    await waitFor(async () => (await prisma.syncRun.findFirst({ where: { shop: store.domain, status: "completed" } })) !== null, {
      timeoutMs: 120_000,
      what: `the first sync of ${store.domain}`,
    });
  }
}, 240_000);

afterAll(async () => {
  await shopify?.stop();
});

describe("segments and cohorts loaders", () => {
  it("answer each shop with its own segment counts and moves", async () => {
    // Installed today: the last 90 days begin before install, so each customer's segment 90 days ago is
    // reconstructed from their orders (estimated) and compared with their segment now — real moves,
    // not every customer arriving from "not yet classified".
    const expectedMoves = {
      [big.domain]: {
        moved: 25,
        counts: {
          none: { new: 6, regular: 1 },
          new: { regular: 7, dormant: 2 },
          regular: { vip: 1, dormant: 1 },
          dormant: { regular: 5, vip: 2 },
        },
      },
      [small.domain]: {
        moved: 8,
        counts: { none: { new: 2 }, new: { regular: 1, dormant: 1 }, regular: { vip: 1 }, dormant: { regular: 3 } },
      },
    };
    for (const store of [big, small]) {
      const response = await get(store, SEGMENTS_DATA);
      expect(response.status).toBe(200);
      const report = (await response.json()) as {
        current: Record<string, number>;
        matrix: { moved: number; counts: Record<string, Record<string, number>> };
        movesEstimated: boolean;
        currencyCode: string;
      };
      expect(report.current).toEqual(await stageCounts(store.domain));
      expect(report.movesEstimated).toBe(true);
      const nonZero = Object.fromEntries(
        Object.entries(report.matrix.counts)
          .map(([from, row]) => [from, Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0))] as const)
          .filter(([, row]) => Object.keys(row).length > 0),
      );
      expect({ moved: report.matrix.moved, counts: nonZero }).toEqual(expectedMoves[store.domain]);
      expect(report.matrix.moved).toBeLessThan(store.customerCount());
      expect(report.currencyCode).toBe("GBP");
    }
    expect(big.customerCount()).toBeGreaterThan(small.customerCount());
  });

  it("build each shop's cohorts from its own orders only", async () => {
    for (const store of [big, small]) {
      const response = await get(store, COHORTS_DATA);
      expect(response.status).toBe(200);
      const report = (await response.json()) as { cohorts: Array<{ customers: number }> };
      const buyers = await prisma.customer.count({ where: { shop: store.domain, ordersCount: { gt: 0 } } });
      expect(report.cohorts.reduce((sum, c) => sum + c.customers, 0)).toBe(buyers);
    }
  });

  it("export only the asking shop's customers as CSV", async () => {
    const stage = (await prisma.customer.findFirstOrThrow({ where: { shop: small.domain }, select: { stage: true } })).stage;
    const response = await get(small, `/app/segments/export?stage=${stage}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="tsunagu-${stage}-2011-12-10\\.csv"$`));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + (await prisma.customer.count({ where: { shop: small.domain, stage } })));
  });

  it("answer 400 to a list that does not exist, and change nothing", async () => {
    expect((await get(big, "/app/segments/export?stage=royalty")).status).toBe(400);
    expect((await get(big, "/app/segments/export?from=vip&to=vip")).status).toBe(400);
    expect((await get(big, "/app/segments?period=7&_data=routes%2Fapp.segments._index")).status).toBe(400);
    expect((await get(big, "/app/cohorts?view=pie&_data=routes%2Fapp.cohorts")).status).toBe(400);
  });

  it("answer 401 to a request with an invalid session token, and never with data without one", async () => {
    for (const path of [SEGMENTS_DATA, COHORTS_DATA, "/app/segments/export?stage=vip"]) {
      const forged = await get(null, path, "not-a-session-token");
      expect(forged.status).toBe(401);
      // Without a token: sent to log in (a data request gets Remix's 204 + X-Remix-Redirect), no data.
      const anonymous = await get(null, path);
      const redirect = anonymous.headers.get("location") ?? anonymous.headers.get("x-remix-redirect");
      expect({ status: anonymous.status, redirect: redirect?.split("?")[0] }).toEqual({
        status: anonymous.status === 302 ? 302 : 204,
        redirect: "/auth/login",
      });
      expect(await anonymous.text()).toBe("");
    }
  });
});
