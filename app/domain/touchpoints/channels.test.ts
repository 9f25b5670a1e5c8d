import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANNELS, channelOf, DEFAULT_UTM_RULES, hostOf, validateUtmRules, type UtmRule, type VisitEvidence } from "./channels";

describe("channelOf maps real-looking visits to channels", () => {
  it.each<[string, VisitEvidence, string]>([
    ["Google, no tag", { source: "Google", referrerHost: "www.google.co.jp" }, "organic-search"],
    ["a Google country site as referrer only", { source: "google.de", referrerHost: "www.google.de" }, "organic-search"],
    ["Yahoo! JAPAN search", { source: "search.yahoo.co.jp", referrerHost: "search.yahoo.co.jp" }, "organic-search"],
    ["Shopify's SEO tactic", { source: "Bing", sourceType: "SEO" }, "organic-search"],
    ["a Google Ads link tagged cpc", { utmSource: "google", utmMedium: "cpc", utmCampaign: "brand_jp" }, "paid-search"],
    ["Yahoo ads tagged with the source only", { utmSource: "yahoo" }, "paid-search"],
    ["Shopify's AD tactic on Google", { source: "Google", sourceType: "AD" }, "paid-search"],
    ["a marketing event of channel SEARCH", { source: "Google", marketingChannel: "SEARCH" }, "paid-search"],
    ["Instagram bio link", { source: "Instagram", referrerHost: "l.instagram.com" }, "social"],
    ["a Meta ad tagged paid_social", { utmSource: "facebook", utmMedium: "paid_social" }, "social"],
    ["a Meta ad tagged cpc (a social network's ad is social)", { utmSource: "ig", utmMedium: "cpc" }, "social"],
    ["t.co from X", { source: "t.co", referrerHost: "t.co" }, "social"],
    ["TikTok, mixed case", { utmSource: "TikTok", utmMedium: "Social " }, "social"],
    [
      "Shopify Email newsletter",
      { source: "Shopify Email", sourceType: "NEWSLETTER", utmSource: "shopify_email", utmMedium: "email" },
      "email",
    ],
    ["Klaviyo abandoned cart flow", { utmSource: "Klaviyo", utmMedium: "email", utmCampaign: "abandoned_cart" }, "email"],
    ["Gmail web client as referrer", { source: "mail.google.com", referrerHost: "mail.google.com" }, "email"],
    ["Yahoo! mail is mail, not search", { referrerHost: "mail.yahoo.co.jp" }, "email"],
    ["メルマガ in Japanese", { utmSource: "store", utmMedium: "メルマガ" }, "email"],
    [
      "LINE official account message (default rule utm_source=line)",
      { utmSource: "line", utmMedium: "message", utmCampaign: "spring" },
      "messaging",
    ],
    ["a LINE short link lin.ee", { source: "lin.ee", referrerHost: "lin.ee" }, "messaging"],
    ["LINE in-app browser referrer", { referrerHost: "liff.line.me" }, "messaging"],
    ["an SMS campaign", { utmSource: "attentive", utmMedium: "sms" }, "messaging"],
    ["Shopify's MESSAGE tactic", { source: "Messenger", sourceType: "MESSAGE" }, "messaging"],
    ["a blog that linked the shop", { source: "kurashi-no-techo.example.jp", referrerHost: "kurashi-no-techo.example.jp" }, "referral"],
    ["an affiliate network", { utmSource: "a8", utmMedium: "affiliate" }, "referral"],
    ["a QR code on the flyer", { source: "QR code" }, "referral"],
    ["typed the address", { source: "direct" }, "direct"],
    ["a visit with no evidence", {}, "direct"],
    ["Rakuten marketplace referrer", { referrerHost: "item.rakuten.co.jp" }, "other"],
    ["Yahoo! shopping is a marketplace", { referrerHost: "shopping.yahoo.co.jp" }, "other"],
    ["a display banner", { utmSource: "gdn", utmMedium: "display" }, "other"],
    ["an unknown UTM medium with an unknown source", { utmSource: "spring_fair", utmMedium: "tablecard" }, "other"],
    ["Shopify could not tell", { source: "unknown" }, "other"],
    ["a source that names an object property", { source: "__proto__", utmMedium: "constructor" }, "other"],
  ])("%s", (_name, visit, channel) => {
    expect(channelOf(visit)).toBe(channel);
  });

  it("says unknown when the order has no visit at all", () => {
    expect(channelOf(null)).toBe("unknown");
  });

  it("applies the merchant's rules first, in their order, case-insensitively", () => {
    const rules: UtmRule[] = [
      { field: "utm_campaign", value: "vip_event", channel: "referral" },
      { field: "utm_source", value: "Mag", channel: "email" },
      ...DEFAULT_UTM_RULES,
    ];
    expect(channelOf({ utmSource: "mag", utmMedium: "social" }, rules)).toBe("email");
    expect(channelOf({ utmSource: "line", utmCampaign: "VIP_EVENT" }, rules)).toBe("referral");
    expect(channelOf({ utmSource: "line", utmMedium: "cpc" }, [])).toBe("messaging"); // LINE ads: a messaging app's ad
  });

  it("always returns one of the channels, whatever the strings", () => {
    const text = fc.option(fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(fc.record({ source: text, utmSource: text, utmMedium: text, utmCampaign: text, referrerHost: text }), (visit) => {
        expect([...CHANNELS]).toContain(channelOf(visit));
      }),
    );
  });
});

describe("hostOf keeps the host and drops the rest of a URL", () => {
  it.each([
    ["https://www.google.co.jp/search?q=%E3%81%8A%E8%8C%B6", "google.co.jp"],
    ["http://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example", "facebook.com"],
    ["//m.example.jp:8443/path", "example.jp"],
    ["lin.ee", "lin.ee"],
    ["not a url", null],
    ["", null],
  ])("%s → %s", (input, host) => {
    expect(hostOf(input)).toBe(host);
  });
});

describe("validateUtmRules", () => {
  it("normalises values and refuses bad fields, channels, empty values and duplicates", () => {
    expect(validateUtmRules([{ field: "utm_source", value: " LINE ", channel: "messaging" }])).toEqual({
      ok: true,
      rules: [{ field: "utm_source", value: "line", channel: "messaging" }],
    });
    expect(
      validateUtmRules([
        { field: "utm_term", value: "x", channel: "email" },
        { field: "utm_source", value: "  ", channel: "email" },
        { field: "utm_source", value: "a", channel: "fax" },
        { field: "utm_medium", value: "b", channel: "email" },
        { field: "utm_medium", value: "B", channel: "social" },
      ]),
    ).toEqual({
      ok: false,
      errors: [
        { index: 0, code: "field" },
        { index: 1, code: "value-empty" },
        { index: 2, code: "channel" },
        { index: 4, code: "duplicate" },
      ],
    });
  });
});
