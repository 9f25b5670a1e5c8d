import { describe, expect, it } from "vitest";
import { DEFAULT_UTM_RULES } from "../domain/touchpoints/channels";
import { firstTouchChannel, mergeJourney, needsSummaryRead, type JourneyRecord } from "../domain/touchpoints/journey-record";
import { journeyFromRestOrder, journeyFromSummary } from "./map-journey";

// As the 2026-10 API answers (field names checked against the schema; values from the emulator's LINE visit).
const SUMMARY = {
  ready: true,
  customerOrderIndex: 1,
  daysToConversion: 3,
  momentsCount: { count: 2, precision: "EXACT" },
  firstVisit: {
    id: "gid://shopify/CustomerVisit/809",
    occurredAt: "2026-04-01T10:00:00Z",
    source: "LINE",
    sourceType: "MESSAGE",
    referrerUrl: null,
    landingPage: "https://tabi.myshopify.com/collections/new?utm_source=line&utm_medium=message&utm_campaign=weekly_line",
    utmParameters: { source: "line", medium: "message", campaign: "weekly_line", content: null, term: null },
    marketingEvent: null,
  },
  lastVisit: {
    id: "gid://shopify/CustomerVisit/810",
    occurredAt: "2026-04-04T09:40:00Z",
    source: "Google",
    sourceType: "SEO",
    referrerUrl: "https://www.google.co.jp/search?q=%E3%81%8A%E8%8C%B6&hl=ja",
    landingPage: "https://tabi.myshopify.com/products/sencha",
    utmParameters: null,
    marketingEvent: { id: "gid://shopify/MarketingEvent/77" },
  },
};

describe("journeyFromSummary", () => {
  it("keeps channel inputs, ids and dates, and only the referrer's host", () => {
    const record = journeyFromSummary(SUMMARY);
    expect(record).toEqual({
      origin: "summary",
      ready: true,
      customerOrderIndex: 1,
      daysToConversion: 3,
      momentsCount: 2,
      first: {
        source: "LINE",
        sourceType: "MESSAGE",
        utmSource: "line",
        utmMedium: "message",
        utmCampaign: "weekly_line",
        referrerHost: null,
        marketingEventId: null,
        occurredAt: new Date("2026-04-01T10:00:00Z"),
      },
      last: {
        source: "Google",
        sourceType: "SEO",
        utmSource: null,
        utmMedium: null,
        utmCampaign: null,
        referrerHost: "google.co.jp",
        marketingEventId: "gid://shopify/MarketingEvent/77",
        occurredAt: new Date("2026-04-04T09:40:00Z"),
      },
    });
    expect(JSON.stringify(record)).not.toMatch(/https?:|\?|q=/);
    expect(firstTouchChannel(record, DEFAULT_UTM_RULES)).toBe("messaging");
  });

  it("reads an unfinished summary as not ready, and a null summary (POS, draft) as final with no visit", () => {
    expect(
      journeyFromSummary({
        ready: false,
        customerOrderIndex: 2,
        daysToConversion: null,
        momentsCount: null,
        firstVisit: null,
        lastVisit: null,
      }),
    ).toMatchObject({ ready: false, customerOrderIndex: 2, first: null });
    const none = journeyFromSummary(null);
    expect(none).toMatchObject({ origin: "summary", ready: true, first: null });
    expect(firstTouchChannel(none, DEFAULT_UTM_RULES)).toBe("unknown");
  });
});

describe("journeyFromRestOrder", () => {
  it("takes the UTM values out of landing_site and the host out of referring_site", () => {
    expect(
      journeyFromRestOrder({
        landing_site: "/products/sencha?utm_source=line&utm_medium=message&utm_campaign=weekly_line&fbclid=abc",
        referring_site: "https://l.instagram.com/?u=x",
        source_name: "web",
      }),
    ).toEqual({
      origin: "webhook",
      ready: false,
      customerOrderIndex: null,
      daysToConversion: null,
      momentsCount: null,
      first: {
        source: null,
        sourceType: null,
        utmSource: "line",
        utmMedium: "message",
        utmCampaign: "weekly_line",
        referrerHost: "instagram.com",
        marketingEventId: null,
        occurredAt: null,
      },
      last: {
        source: null,
        sourceType: null,
        utmSource: "line",
        utmMedium: "message",
        utmCampaign: "weekly_line",
        referrerHost: "instagram.com",
        marketingEventId: null,
        occurredAt: null,
      },
    });
  });

  it("records no visit for orders not placed online, a direct visit for an online order without a referrer or UTM values", () => {
    for (const sourceName of ["pos", "shopify_draft_order", "subscription_contract", "1354745"]) {
      expect(journeyFromRestOrder({ landing_site: null, referring_site: null, source_name: sourceName })).toMatchObject({
        origin: "webhook",
        ready: false,
        first: null,
        last: null,
      });
    }
    const direct = journeyFromRestOrder({ landing_site: "/products/sencha?variant=1", referring_site: null, source_name: "web" });
    expect(direct.first).toEqual({
      source: "direct",
      sourceType: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      referrerHost: null,
      marketingEventId: null,
      occurredAt: null,
    });
    expect(firstTouchChannel(direct, DEFAULT_UTM_RULES)).toBe("direct");
    expect(firstTouchChannel(journeyFromRestOrder({ source_name: "pos" }), DEFAULT_UTM_RULES)).toBe("unknown");
    // An older payload without source_name: its visit fields decide.
    expect(journeyFromRestOrder({ referring_site: "https://www.google.co.jp/search?q=x" }).first?.referrerHost).toBe("google.co.jp");
    expect(journeyFromRestOrder({}).first).toBeNull();
  });
});

describe("storing reads idempotently", () => {
  const webhook = journeyFromRestOrder({ landing_site: "/?utm_source=line", referring_site: null });
  const unfinished = journeyFromSummary({ ready: false, customerOrderIndex: 1 });
  const ready = journeyFromSummary(SUMMARY);
  const reads: JourneyRecord[] = [webhook, unfinished, ready];

  it("keeps the ready summary whatever order the reads arrive in, and re-reads until then", () => {
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
      [2, 0, 1],
      [0, 2, 1],
      [1, 0, 2],
    ]) {
      let stored: JourneyRecord | null = null;
      for (const i of order) stored = mergeJourney(stored, reads[i]!);
      expect(stored).toBe(ready);
    }
    expect([null, webhook, unfinished, ready].map(needsSummaryRead)).toEqual([true, true, true, false]);
    expect(mergeJourney(ready, ready)).toBe(ready);
  });
});
