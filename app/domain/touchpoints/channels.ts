// Which channel a visit came from (docs/touchpoints.md §2): Shopify's visit fields (source, source type,
// UTM parameters, the marketing event's channel, the referrer's host) mapped to a small fixed set, with
// the merchant's own UTM rules first. Pure: the caller passes the shop's rules.
//
// Order of evidence, first match wins:
// 1. the merchant's UTM rules (e.g. utm_source=line → messaging), in the merchant's order;
// 2. the marketing event's channel type (an activity the merchant or an app registered);
// 3. the UTM medium, then the UTM source (links the merchant tagged: a search engine in utm_source is
//    an ad — organic results carry no UTM);
// 4. Shopify's source type (MarketingTactic);
// 5. the visit's source and the referrer's host (search engine, social network, messaging app, webmail,
//    marketplace, any other site = referral, "direct");
// 6. a visit with none of these is direct; no visit at all is "unknown" (POS, draft and API orders, or
//    a journey Shopify did not record).

export const CHANNELS = ["organic-search", "paid-search", "social", "email", "messaging", "referral", "direct", "other"] as const;
export type Channel = (typeof CHANNELS)[number];
/** A channel, or "unknown" when the order carries no visit. */
export type ChannelOrUnknown = Channel | "unknown";

/** Shopify's MarketingTactic values (Admin API 2026-10). */
export type MarketingTactic =
  | "ABANDONED_CART"
  | "AD"
  | "AFFILIATE"
  | "LINK"
  | "LOYALTY"
  | "MESSAGE"
  | "NEWSLETTER"
  | "NOTIFICATION"
  | "POST"
  | "RETARGETING"
  | "SEO"
  | "STOREFRONT_APP"
  | "TRANSACTIONAL";

/** Shopify's MarketingChannel values (MarketingEvent.marketingChannelType). */
export type MarketingChannel = "DISPLAY" | "EMAIL" | "REFERRAL" | "SEARCH" | "SOCIAL";

/** What we keep of a visit to map it (no URLs: the referrer is a host name). */
export interface VisitEvidence {
  /** CustomerVisit.source: a platform ("Google"), "email", "direct", a domain, "unknown". */
  source?: string | null;
  sourceType?: MarketingTactic | null;
  utmSource?: string | null;
  utmMedium?: string | null;
  utmCampaign?: string | null;
  /** The referrer's host name only, e.g. "www.google.co.jp". */
  referrerHost?: string | null;
  /** The marketing event's channel type, when the visit is attributed to one. */
  marketingChannel?: MarketingChannel | null;
}

export const UTM_RULE_FIELDS = ["utm_source", "utm_medium", "utm_campaign"] as const;
export type UtmRuleField = (typeof UTM_RULE_FIELDS)[number];

/** A merchant's rule: when `field` equals `value` (case-insensitive, spaces trimmed), the visit is `channel`. */
export interface UtmRule {
  field: UtmRuleField;
  value: string;
  channel: Channel;
}

/** The rules a new shop starts with (editable): LINE's own UTM conventions. */
export const DEFAULT_UTM_RULES: readonly UtmRule[] = [
  { field: "utm_source", value: "line", channel: "messaging" },
  { field: "utm_source", value: "line_official", channel: "messaging" },
];

export const MAX_UTM_RULES = 50;
const MAX_UTM_RULE_VALUE_LENGTH = 100;

export type UtmRuleError = { index: number; code: "field" | "value-empty" | "value-length" | "channel" | "duplicate" | "too-many" };

/** Validates a list of rules from the settings form; returns the normalised rules or the errors. */
export function validateUtmRules(
  raw: readonly { field?: unknown; value?: unknown; channel?: unknown }[],
): { ok: true; rules: UtmRule[] } | { ok: false; errors: UtmRuleError[] } {
  const errors: UtmRuleError[] = [];
  if (raw.length > MAX_UTM_RULES) errors.push({ index: MAX_UTM_RULES, code: "too-many" });
  const seen = new Set<string>();
  const rules: UtmRule[] = [];
  raw.forEach((rule, index) => {
    const field = rule.field;
    const value = typeof rule.value === "string" ? normalize(rule.value) : "";
    const channel = rule.channel;
    if (!(UTM_RULE_FIELDS as readonly unknown[]).includes(field)) return errors.push({ index, code: "field" });
    if (value === "") return errors.push({ index, code: "value-empty" });
    if (value.length > MAX_UTM_RULE_VALUE_LENGTH) return errors.push({ index, code: "value-length" });
    if (!(CHANNELS as readonly unknown[]).includes(channel)) return errors.push({ index, code: "channel" });
    const key = `${String(field)}=${value}`;
    if (seen.has(key)) return errors.push({ index, code: "duplicate" });
    seen.add(key);
    rules.push({ field: field as UtmRuleField, value, channel: channel as Channel });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}

const normalize = (text: string): string => text.trim().toLowerCase();
/** A table's own entry only: "__proto__" or "constructor" in a UTM value is not a channel. */
const lookup = (table: Record<string, Channel>, key: string): Channel | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const MEDIUMS: Record<string, Channel> = {};
const setAll = (channel: Channel, names: string[]) => names.forEach((name) => (MEDIUMS[name] = channel));
setAll("paid-search", ["cpc", "ppc", "paidsearch", "paid-search", "paid_search", "sem", "search_ad", "search-ad", "listing"]);
setAll("email", ["email", "e-mail", "e_mail", "mail", "newsletter", "mailmagazine", "mailmag", "merumaga", "メルマガ"]);
setAll("social", [
  "social",
  "social-network",
  "social_network",
  "social-media",
  "social_media",
  "sm",
  "paid_social",
  "paid-social",
  "paidsocial",
  "social_paid",
  "sns",
  "post",
  "story",
  "reel",
]);
setAll("messaging", ["line", "message", "messaging", "chat", "sms", "messenger", "push", "dm"]);
setAll("organic-search", ["organic", "seo"]);
setAll("referral", ["referral", "affiliate", "affiliates", "partner", "blog", "influencer", "qr", "qrcode"]);
setAll("other", ["display", "banner", "cpm", "video", "retargeting", "marketplace", "offline", "print", "flyer"]);

// Host name suffixes (after "www." etc.) per kind; a suffix matches the host or any sub-domain of it.
const SEARCH_HOSTS = [
  "google.com",
  "google.co.jp",
  "bing.com",
  "search.yahoo.co.jp",
  "search.yahoo.com",
  "yahoo.co.jp",
  "duckduckgo.com",
  "baidu.com",
  "yandex.ru",
  "ecosia.org",
  "search.naver.com",
  "naver.com",
  "goo.ne.jp",
  "search.brave.com",
];
const SOCIAL_HOSTS = [
  "facebook.com",
  "fb.com",
  "instagram.com",
  "t.co",
  "twitter.com",
  "x.com",
  "tiktok.com",
  "pinterest.com",
  "pinterest.jp",
  "youtube.com",
  "youtu.be",
  "threads.net",
  "linkedin.com",
  "lnkd.in",
  "reddit.com",
  "snapchat.com",
  "note.com",
  "ameblo.jp",
];
const MESSAGING_HOSTS = [
  "line.me",
  "lin.ee",
  "line-apps.com",
  "messenger.com",
  "m.me",
  "whatsapp.com",
  "wa.me",
  "t.me",
  "telegram.org",
  "kakao.com",
];
const EMAIL_HOSTS = [
  "mail.google.com",
  "outlook.live.com",
  "outlook.office.com",
  "mail.yahoo.co.jp",
  "mail.yahoo.com",
  "mail.aol.com",
  "icloud.com",
];
const MARKETPLACE_HOSTS = [
  "amazon.co.jp",
  "amazon.com",
  "rakuten.co.jp",
  "shopping.yahoo.co.jp",
  "paypaymall.yahoo.co.jp",
  "mercari.com",
  "jp.mercari.com",
  "zozo.jp",
  "qoo10.jp",
  "ebay.com",
  "etsy.com",
  "shop.app",
];

// Shopify names platforms in CustomerVisit.source ("Google", "Facebook", "Shopify Email"…).
const SOURCE_NAMES: Record<string, Channel> = {
  google: "organic-search",
  bing: "organic-search",
  yahoo: "organic-search",
  "yahoo! japan": "organic-search",
  duckduckgo: "organic-search",
  baidu: "organic-search",
  yandex: "organic-search",
  naver: "organic-search",
  ecosia: "organic-search",
  facebook: "social",
  instagram: "social",
  twitter: "social",
  x: "social",
  tiktok: "social",
  pinterest: "social",
  youtube: "social",
  threads: "social",
  linkedin: "social",
  reddit: "social",
  line: "messaging",
  messenger: "messaging",
  whatsapp: "messaging",
  email: "email",
  "shopify email": "email",
  direct: "direct",
  amazon: "other",
  rakuten: "other",
  "shop app": "other",
  "qr code": "referral",
  unknown: "other",
  // names people put in utm_source
  ig: "social",
  fb: "social",
  meta: "social",
  newsletter: "email",
  mailchimp: "email",
  klaviyo: "email",
  sms: "messaging",
  line_official: "messaging",
};

/** "https://www.Google.co.jp/search?q=x" or "www.google.co.jp" → "google.co.jp"; null when there is no host. */
export function hostOf(urlOrHost: string | null | undefined): string | null {
  if (!urlOrHost) return null;
  let text = urlOrHost.trim().toLowerCase();
  if (text === "") return null;
  const scheme = text.indexOf("://");
  if (scheme >= 0) text = text.slice(scheme + 3);
  else if (text.startsWith("//")) text = text.slice(2);
  text = text.split(/[/?#]/, 1)[0]!;
  text = text.replace(/^[^@]*@/, "").replace(/:\d+$/, "");
  if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(text)) return null;
  return text.replace(/^(www\d*|m|l|lm|mobile|amp)\./, "");
}

const matchesHost = (host: string, suffixes: readonly string[]): boolean =>
  suffixes.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
/** Google's country sites: google.de, google.com.au, google.co.uk… */
const GOOGLE_COUNTRY_HOST = /(^|\.)google\.(com?\.)?[a-z]{2,3}$/;

/** The kind of site a host is, or null when it is none of the known kinds (any other site). */
function hostChannel(host: string): Channel | null {
  // Webmail and shopping sites live under search portals (mail.yahoo.co.jp, shopping.yahoo.co.jp): check them first.
  if (matchesHost(host, EMAIL_HOSTS)) return "email";
  if (matchesHost(host, MARKETPLACE_HOSTS)) return "other";
  if (matchesHost(host, MESSAGING_HOSTS)) return "messaging";
  if (matchesHost(host, SOCIAL_HOSTS)) return "social";
  if (matchesHost(host, SEARCH_HOSTS) || GOOGLE_COUNTRY_HOST.test(host)) return "organic-search";
  return null;
}

/** The channel a UTM source names on its own (utm_source=google → an ad on Google: paid search). */
function utmSourceChannel(source: string): Channel | null {
  const host = hostOf(source);
  const named = lookup(SOURCE_NAMES, source) ?? (host === null ? null : hostChannel(host));
  if (named === "organic-search") return "paid-search";
  if (named === "direct" || (named === "other" && source === "unknown")) return null;
  return named ?? null;
}

function tacticChannel(tactic: MarketingTactic, siteChannel: Channel | null): Channel | null {
  switch (tactic) {
    case "AD":
    case "RETARGETING":
      return siteChannel === "organic-search"
        ? "paid-search"
        : siteChannel === "social" || siteChannel === "messaging"
          ? siteChannel
          : "other";
    case "NEWSLETTER":
    case "ABANDONED_CART":
    case "TRANSACTIONAL":
      return "email";
    case "MESSAGE":
      return "messaging";
    case "SEO":
      return "organic-search";
    case "POST":
      return siteChannel === "social" ? "social" : "referral";
    case "AFFILIATE":
    case "LINK":
      return siteChannel ?? "referral";
    case "LOYALTY":
    case "NOTIFICATION":
    case "STOREFRONT_APP":
      return "other";
  }
}

const EVENT_CHANNELS: Record<MarketingChannel, Channel> = {
  SEARCH: "paid-search",
  EMAIL: "email",
  SOCIAL: "social",
  REFERRAL: "referral",
  DISPLAY: "other",
};

/** The channel of one visit (null: no visit → "unknown"). */
export function channelOf(visit: VisitEvidence | null, rules: readonly UtmRule[] = DEFAULT_UTM_RULES): ChannelOrUnknown {
  if (visit === null) return "unknown";
  const utm = {
    utm_source: normalize(visit.utmSource ?? ""),
    utm_medium: normalize(visit.utmMedium ?? ""),
    utm_campaign: normalize(visit.utmCampaign ?? ""),
  };
  for (const rule of rules) if (utm[rule.field] !== "" && utm[rule.field] === normalize(rule.value)) return rule.channel;

  if (visit.marketingChannel) return visit.sourceType === "MESSAGE" ? "messaging" : EVENT_CHANNELS[visit.marketingChannel];

  const sourceChannel = utm.utm_source === "" ? null : utmSourceChannel(utm.utm_source);
  const medium = lookup(MEDIUMS, utm.utm_medium);
  if (medium !== undefined) {
    // a paid medium on a social network or a messaging app is that network's ad, not a search ad
    if (medium === "paid-search" && (sourceChannel === "social" || sourceChannel === "messaging" || sourceChannel === "other"))
      return sourceChannel;
    return medium;
  }
  if (sourceChannel !== null) return sourceChannel;

  const source = normalize(visit.source ?? "");
  const referrer = visit.referrerHost ? hostOf(visit.referrerHost) : null;
  const sourceHost = hostOf(source);
  const siteChannel =
    lookup(SOURCE_NAMES, source) ??
    (sourceHost === null ? null : hostChannel(sourceHost)) ??
    (referrer === null ? null : hostChannel(referrer));
  if (visit.sourceType) {
    const tactic = tacticChannel(visit.sourceType, siteChannel);
    if (tactic !== null) return tactic;
  }
  if (siteChannel !== null) return siteChannel;
  if (referrer !== null || sourceHost !== null) return "referral";
  if (utm.utm_source !== "" || utm.utm_medium !== "" || utm.utm_campaign !== "") return "other";
  return "direct";
}
