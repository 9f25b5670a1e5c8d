// GIVEN a store whose emulated Shopify answers ShopifyQL (sessions derived from its orders), WHEN the sessions
// job runs, THEN TrafficDay holds the sessions by day and channel of the last 730 complete days, the same
// after a second run and after the next day's incremental run as after reading everything again; the journey
// then measures awareness and consideration in sessions. GIVEN a store that has not granted Level 2 protected
// customer data, THEN the job records that sessions are unavailable, stores nothing and fails nothing, and
// the journey keeps its customer measures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { localDay } from "../../app/domain/calendar";
import { DEFAULT_UTM_RULES } from "../../app/domain/touchpoints/channels";
import { sessionChannel } from "../../app/domain/touchpoints/session-channels";
import { SESSIONS_HISTORY_DAYS, syncSessions } from "../../app/jobs/sync-sessions.server";
import { loadJourneyPage } from "../../app/models/journey.server";
import { createAdminClient, type AdminClient } from "../../app/shopify/admin-client.server";
import { readSessions, SESSIONS_PAGE_ROWS } from "../../app/shopify/shopifyql.server";
import { registerApp } from "../emulator/app-config";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { startEmulator, type Emulator } from "../emulator/server";
import { derivedSessions } from "../emulator/shopifyql";
import type { EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

const NOW = new Date(STORES["online-retail"].now);
const DAY_MS = 86_400_000;
let emulator: Emulator;
let granted: EmulatedShop;
let withoutLevel2: EmulatedShop;

function adminClient(store: EmulatedShop): AdminClient {
  return createAdminClient({
    shop: store.domain,
    accessToken: store.accessToken,
    endpoint: `${emulator.url}/admin/api/2026-10/graphql.json`,
  });
}

async function storedDays(shop: string) {
  return prisma.trafficDay.findMany({ where: { shop }, orderBy: [{ day: "asc" }, { channel: "asc" }] });
}

beforeAll(async () => {
  granted = await seedOnlineRetail({ limitCustomers: 1000, now: NOW, domain: "sessions-granted.myshopify.com" });
  withoutLevel2 = await seedOnlineRetail({
    limitCustomers: 20,
    now: NOW,
    domain: "sessions-level1.myshopify.com",
    protectedCustomerDataLevel: 1,
  });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [granted, withoutLevel2] });
  for (const store of [granted, withoutLevel2]) {
    await prisma.shop.upsert({
      where: { shop: store.domain },
      create: { shop: store.domain, ianaTimezone: store.ianaTimezone },
      update: { ianaTimezone: store.ianaTimezone },
    });
    await prisma.trafficDay.deleteMany({ where: { shop: store.domain } });
    await prisma.trafficSync.deleteMany({ where: { shop: store.domain } });
  }
}, 120_000);

afterAll(async () => {
  await emulator?.close();
});

describe("reading sessions through ShopifyQL", () => {
  it("the client reads every page of rows as Shopify sends them (strings) into counts per day and referrer", async () => {
    const to = localDay(NOW, granted.ianaTimezone) - 1;
    const read = await readSessions(adminClient(granted), { from: to - SESSIONS_HISTORY_DAYS + 1, to });
    expect(read.status).toBe("available");
    if (read.status !== "available") return;
    const cells = derivedSessions(granted);
    expect(read.rows.length).toBe(cells.length);
    expect(read.rows.length).toBeGreaterThan(SESSIONS_PAGE_ROWS); // more than one page
    const sum = (key: "sessions" | "cartSessions" | "checkoutSessions") => read.rows.reduce((a, r) => a + r[key], 0);
    expect(sum("sessions")).toBe(cells.reduce((a, c) => a + c.sessions, 0));
    expect(sum("cartSessions")).toBe(cells.reduce((a, c) => a + c.withCartAdditions, 0));
    expect(sum("checkoutSessions")).toBe(cells.reduce((a, c) => a + c.reachedCheckout, 0));
    const google = read.rows.find((r) => r.referrerName === "Google" && r.utmMedium === "cpc")!;
    expect(google).toMatchObject({ referrerSource: "search", utmSource: "google", utmCampaign: "brand_search" });
    expect(sessionChannel(google, DEFAULT_UTM_RULES)).toBe("paid-search");
  });
});

describe("the sessions job", () => {
  it("stores sessions by day and channel, and a second run leaves the same rows", async () => {
    const admin = adminClient(granted);
    expect(await syncSessions({ shop: granted.domain, admin, now: NOW })).toMatchObject({
      status: "available",
      days: SESSIONS_HISTORY_DAYS,
    });
    const first = await storedDays(granted.domain);
    const cells = derivedSessions(granted);
    expect(first.reduce((a, r) => a + r.sessions, 0)).toBe(cells.reduce((a, c) => a + c.sessions, 0));
    expect(new Set(first.map((r) => r.channel))).toEqual(
      new Set(["organic-search", "paid-search", "social", "email", "messaging", "referral", "direct", "other"]),
    );
    const requests = admin.stats.requests;
    await syncSessions({ shop: granted.domain, admin, now: NOW });
    expect(await storedDays(granted.domain)).toEqual(first);
    expect(admin.stats.requests - requests).toBe(1); // the last 3 days only: one page
    expect(await prisma.trafficSync.findUnique({ where: { shop: granted.domain } })).toMatchObject({
      status: "available",
      firstDay: localDay(NOW, granted.ianaTimezone) - SESSIONS_HISTORY_DAYS,
      lastDay: localDay(NOW, granted.ianaTimezone) - 1,
    });
  });

  it("the next day's run reads the last days again and ends where reading everything again ends", async () => {
    const later = new Date(NOW.getTime() + DAY_MS);
    granted.setNow(later);
    await syncSessions({ shop: granted.domain, admin: adminClient(granted), now: later });
    const incremental = (await storedDays(granted.domain)).filter(
      (r) => r.day >= localDay(later, granted.ianaTimezone) - SESSIONS_HISTORY_DAYS,
    );
    await syncSessions({ shop: granted.domain, admin: adminClient(granted), now: later, reReadAll: true });
    const everything = (await storedDays(granted.domain)).filter(
      (r) => r.day >= localDay(later, granted.ianaTimezone) - SESSIONS_HISTORY_DAYS,
    );
    expect(incremental).toEqual(everything);
    granted.setNow(NOW);
  });

  it("the journey measures awareness in sessions and consideration in sessions that reached checkout", async () => {
    const page = await loadJourneyPage(granted.domain, { preset: "90" }, NOW);
    expect(page.stageMeasure.measure).toBe("sessions");
    const { from, to } = { from: localDay(NOW, granted.ianaTimezone) - 89, to: localDay(NOW, granted.ianaTimezone) };
    const rows = (await storedDays(granted.domain)).filter((r) => r.day >= from && r.day <= to);
    const [awareness, consideration] = page.summary.stages;
    expect(awareness).toMatchObject({ volumeKpi: "sessions", volume: rows.reduce((a, r) => a + r.sessions, 0) });
    expect(consideration).toMatchObject({ volumeKpi: "checkoutSessions", volume: rows.reduce((a, r) => a + r.checkoutSessions, 0) });
    expect(awareness!.volume).toBeGreaterThan(1000);
  });
});

describe("a shop without Level 2 protected customer data", () => {
  it("records that sessions are unavailable, stores none, and the journey keeps its customer measures", async () => {
    await expect(syncSessions({ shop: withoutLevel2.domain, admin: adminClient(withoutLevel2), now: NOW })).resolves.toEqual({
      status: "denied",
      days: 0,
      rows: 0,
    });
    expect(await storedDays(withoutLevel2.domain)).toEqual([]);
    expect(await prisma.trafficSync.findUnique({ where: { shop: withoutLevel2.domain } })).toMatchObject({ status: "denied" });
    const page = await loadJourneyPage(withoutLevel2.domain, { preset: "90" }, NOW);
    expect(page.stageMeasure).toEqual({ measure: "customers", reason: "denied" });
    expect(page.summary.stages[0]!.volumeKpi).toBe("newCustomers");
  });
});
