// GIVEN a shop, WHEN the merchant saves UTM rules for channels, THEN they are kept per shop, bad rules save
// nothing, and a shop that never saved any has the defaults (utm_source=line → messaging); WHEN an order's
// journey is read several times (webhook, unfinished summary, ready summary), THEN the ready one is kept.
import { describe, expect, it } from "vitest";
import { channelOf, DEFAULT_UTM_RULES } from "../../app/domain/touchpoints/channels";
import {
  loadOrderJourneys,
  loadUtmRules,
  ordersAwaitingJourney,
  saveOrderJourneys,
  saveUtmRules,
} from "../../app/models/touchpoints.server";
import { journeyFromRestOrder, journeyFromSummary } from "../../app/shopify/map-journey";

const SHOP = "utm-rules.myshopify.com";

describe("UTM rules per shop", () => {
  it("starts with the defaults, keeps the saved rules, and refuses bad ones without losing the saved", async () => {
    expect(await loadUtmRules(SHOP)).toEqual(DEFAULT_UTM_RULES);

    expect(await saveUtmRules(SHOP, [{ field: "utm_source", value: "Mag", channel: "email" }])).toEqual({
      ok: true,
      rules: [{ field: "utm_source", value: "mag", channel: "email" }],
    });
    const saved = await loadUtmRules(SHOP);
    expect(saved).toEqual([{ field: "utm_source", value: "mag", channel: "email" }]);
    expect(channelOf({ utmSource: "MAG", utmMedium: "social" }, saved)).toBe("email");

    expect(await saveUtmRules(SHOP, [{ field: "utm_source", value: "x", channel: "fax" }])).toEqual({
      ok: false,
      errors: [{ index: 0, code: "channel" }],
    });
    expect(await loadUtmRules(SHOP)).toEqual(saved);
    expect(await loadUtmRules("other-shop.myshopify.com")).toEqual(DEFAULT_UTM_RULES);

    expect(await saveUtmRules(SHOP, [])).toEqual({ ok: true, rules: [] });
    expect(await loadUtmRules(SHOP)).toEqual([]);
  });
});

describe("order journeys", () => {
  const JOURNEY_SHOP = "journeys.myshopify.com";
  const webhook = journeyFromRestOrder({ landing_site: "/?utm_source=line&utm_medium=message", referring_site: null });
  const processedAt = new Date("2026-04-03T00:00:00Z");
  // Orders of the last 30 days (as of April 10th), not read in the last 5 minutes (the wall clock an hour on).
  const awaiting = () =>
    ordersAwaitingJourney(JOURNEY_SHOP, {
      processedFrom: new Date("2026-03-11T00:00:00Z"),
      processedTo: new Date("2026-04-10T00:00:00Z"),
      readBefore: new Date(Date.now() + 3_600_000),
      limit: 10,
    });
  const unfinished = journeyFromSummary({ ready: false, customerOrderIndex: 1, momentsCount: null });
  const ready = journeyFromSummary({
    ready: true,
    customerOrderIndex: 1,
    daysToConversion: 2,
    momentsCount: { count: 1, precision: "EXACT" },
    firstVisit: {
      occurredAt: "2026-04-01T10:00:00Z",
      source: "Instagram",
      sourceType: "POST",
      referrerUrl: "https://l.instagram.com/?u=x",
      utmParameters: { source: "instagram", medium: "social", campaign: "bio" },
    },
  });

  it("keeps the ready summary whatever order the reads arrive in, and lists the orders to read again", async () => {
    await saveOrderJourneys(JOURNEY_SHOP, [
      { orderId: "gid://shopify/Order/1", journey: webhook, processedAt },
      { orderId: "gid://shopify/Order/2", journey: ready, processedAt },
      { orderId: "gid://shopify/Order/3", journey: unfinished, processedAt },
      // An unfinished summary of an order older than 30 days is not read again.
      { orderId: "gid://shopify/Order/4", journey: unfinished, processedAt: new Date("2026-03-01T00:00:00Z") },
    ]);
    expect(await awaiting()).toEqual(["gid://shopify/Order/1", "gid://shopify/Order/3"]);
    await saveOrderJourneys(JOURNEY_SHOP, [
      { orderId: "gid://shopify/Order/1", journey: ready },
      { orderId: "gid://shopify/Order/2", journey: webhook },
      { orderId: "gid://shopify/Order/2", journey: unfinished },
    ]);
    await saveOrderJourneys(JOURNEY_SHOP, [{ orderId: "gid://shopify/Order/1", journey: ready }]);
    const stored = await loadOrderJourneys(JOURNEY_SHOP, ["gid://shopify/Order/1", "gid://shopify/Order/2", "gid://shopify/Order/3"]);
    expect(stored.get("gid://shopify/Order/1")).toEqual(ready);
    expect(stored.get("gid://shopify/Order/2")).toEqual(ready);
    expect(stored.get("gid://shopify/Order/3")).toEqual(unfinished);
    expect(stored.get("gid://shopify/Order/1")!.first).toMatchObject({ referrerHost: "instagram.com", utmCampaign: "bio" });
    expect(await awaiting()).toEqual(["gid://shopify/Order/3"]);
  });
});
