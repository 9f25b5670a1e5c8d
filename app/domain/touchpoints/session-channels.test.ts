import { describe, expect, it } from "vitest";
import { DEFAULT_UTM_RULES } from "./channels";
import { sessionChannel, trafficByDayAndChannel, type SessionsRow } from "./session-channels";

const row = (fields: Partial<SessionsRow>): SessionsRow => ({
  day: 20_500,
  referrerSource: null,
  referrerName: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  sessions: 0,
  cartSessions: 0,
  checkoutSessions: 0,
  ...fields,
});

describe("the channel of a ShopifyQL sessions row", () => {
  it.each([
    [{ referrerSource: "search", referrerName: "Google" }, "organic-search"],
    [{ referrerSource: "search", referrerName: "Yahoo" }, "organic-search"],
    [{ referrerSource: "search", referrerName: "Google", utmSource: "google", utmMedium: "cpc" }, "paid-search"],
    [{ referrerSource: "social", referrerName: "Instagram", utmSource: "instagram", utmMedium: "social" }, "social"],
    [{ referrerSource: "social", referrerName: "Facebook", utmSource: "facebook", utmMedium: "paid_social" }, "social"],
    [{ referrerSource: "email", utmSource: "shopify_email", utmMedium: "email" }, "email"],
    [{ referrerSource: "email" }, "email"],
    [{ referrerSource: "unknown", utmSource: "line", utmMedium: "message" }, "messaging"],
    [{ referrerSource: "unknown", referrerName: "kurashi-note.example.jp" }, "referral"],
    [{ referrerSource: "unknown", referrerName: "Shop app" }, "other"],
    [{ referrerSource: "direct" }, "direct"],
    // a search or social session whose platform is not named is still search or social
    [{ referrerSource: "search" }, "organic-search"],
    [{ referrerSource: "Social" }, "social"],
    [{ referrerSource: "unknown" }, "other"],
    [{}, "other"],
  ])("%o → %s", (fields, channel) => {
    expect(sessionChannel(row(fields), DEFAULT_UTM_RULES)).toBe(channel);
  });

  it("the merchant's UTM rules come first, as for visits", () => {
    const rules = [{ field: "utm_campaign" as const, value: "Spring_Sale", channel: "email" as const }];
    expect(sessionChannel(row({ referrerSource: "social", referrerName: "Facebook", utmCampaign: "spring_sale" }), rules)).toBe("email");
  });
});

describe("sessions by day and channel", () => {
  it("sums the referrers of one channel on one day and keeps days apart", () => {
    const rows = [
      row({ day: 20_500, referrerSource: "search", referrerName: "Google", sessions: 120, cartSessions: 9, checkoutSessions: 4 }),
      row({ day: 20_500, referrerSource: "search", referrerName: "Yahoo", sessions: 30, cartSessions: 2, checkoutSessions: 1 }),
      row({ day: 20_500, referrerSource: "direct", sessions: 50, cartSessions: 5, checkoutSessions: 3 }),
      row({ day: 20_501, referrerSource: "search", referrerName: "Google", sessions: 80, cartSessions: 6, checkoutSessions: 2 }),
    ];
    expect(trafficByDayAndChannel(rows, DEFAULT_UTM_RULES)).toEqual([
      { day: 20_500, channel: "direct", sessions: 50, cartSessions: 5, checkoutSessions: 3 },
      { day: 20_500, channel: "organic-search", sessions: 150, cartSessions: 11, checkoutSessions: 5 },
      { day: 20_501, channel: "organic-search", sessions: 80, cartSessions: 6, checkoutSessions: 2 },
    ]);
  });
});
