// Shopify's journey of an order -> the JourneyRecord we store (app/domain/touchpoints/journey-record.ts):
// from the GraphQL customerJourneySummary (bulk lines and single reads have the same shape) and from the
// order webhook's REST fields. URLs are reduced here, before anything is stored: UTM values are taken out
// of landing_site's query string, the referrer is kept as a host name, the rest is dropped.
import { hostOf, type MarketingTactic } from "../domain/touchpoints/channels";
import { MAX_VISIT_TEXT, type JourneyRecord, type StoredVisit } from "../domain/touchpoints/journey-record";

type Json = Record<string, unknown>;

const TACTICS = new Set<string>([
  "ABANDONED_CART",
  "AD",
  "AFFILIATE",
  "LINK",
  "LOYALTY",
  "MESSAGE",
  "NEWSLETTER",
  "NOTIFICATION",
  "POST",
  "RETARGETING",
  "SEO",
  "STOREFRONT_APP",
  "TRANSACTIONAL",
]);

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** A short text field, trimmed and cut to MAX_VISIT_TEXT; null when absent or empty. */
function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed.slice(0, MAX_VISIT_TEXT);
}

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function instant(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A CustomerVisit as selected by the journey fragment (source, sourceType, referrerUrl, utmParameters, marketingEvent, occurredAt). */
export function storedVisit(visit: unknown): StoredVisit | null {
  if (!isObject(visit)) return null;
  const utm = isObject(visit.utmParameters) ? visit.utmParameters : {};
  const sourceType = typeof visit.sourceType === "string" && TACTICS.has(visit.sourceType) ? (visit.sourceType as MarketingTactic) : null;
  return {
    source: text(visit.source),
    sourceType,
    utmSource: text(utm.source),
    utmMedium: text(utm.medium),
    utmCampaign: text(utm.campaign),
    referrerHost: hostOf(typeof visit.referrerUrl === "string" ? visit.referrerUrl : null),
    marketingEventId: isObject(visit.marketingEvent) ? text(visit.marketingEvent.id) : null,
    occurredAt: instant(visit.occurredAt),
  };
}

/**
 * An order's customerJourneySummary (null: Shopify has no journey for it — POS, draft, API and renewal
 * orders — which is final, like a ready summary).
 */
export function journeyFromSummary(summary: unknown): JourneyRecord {
  if (!isObject(summary))
    return {
      origin: "summary",
      ready: true,
      customerOrderIndex: null,
      daysToConversion: null,
      momentsCount: null,
      first: null,
      last: null,
    };
  const ready = summary.ready === true;
  const first = storedVisit(summary.firstVisit);
  return {
    origin: "summary",
    ready,
    customerOrderIndex: count(summary.customerOrderIndex),
    daysToConversion: count(summary.daysToConversion),
    momentsCount: isObject(summary.momentsCount) ? count(summary.momentsCount.count) : null,
    first,
    last: storedVisit(summary.lastVisit) ?? first,
  };
}

/** UTM values of a landing path or URL ("/products/x?utm_source=line&utm_medium=message"). */
function utmOf(landingSite: string | null): { utmSource: string | null; utmMedium: string | null; utmCampaign: string | null } {
  const none = { utmSource: null, utmMedium: null, utmCampaign: null };
  if (landingSite === null) return none;
  const q = landingSite.indexOf("?");
  if (q < 0) return none;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(landingSite.slice(q + 1).split("#", 1)[0]);
  } catch {
    return none;
  }
  return {
    utmSource: text(params.get("utm_source")),
    utmMedium: text(params.get("utm_medium")),
    utmCampaign: text(params.get("utm_campaign")),
  };
}

/**
 * The order webhook's REST fields as a provisional journey, always (the summary is read later, so even an
 * order without visit fields is listed for the re-read):
 * - `source_name` other than "web" (pos, shopify_draft_order, subscription_contract, an app's id): no
 *   visit, as Shopify's summary will say (channel "not recorded");
 * - an online order (source_name "web", or absent with visit fields): the visit that led to the checkout —
 *   landing_site's UTM values and referring_site's host; with neither a referrer nor UTM values it was a
 *   direct visit (source "direct", Shopify's own word for it), so it stays "direct" once stored.
 */
export function journeyFromRestOrder(body: Json): JourneyRecord {
  const landingSite = typeof body.landing_site === "string" ? body.landing_site : null;
  const referrerHost = hostOf(typeof body.referring_site === "string" ? body.referring_site : null);
  const sourceName = typeof body.source_name === "string" ? body.source_name.trim().toLowerCase() : null;
  const online = sourceName === "web" || (sourceName === null && (landingSite !== null || referrerHost !== null));
  let visit: StoredVisit | null = null;
  if (online) {
    const utm = utmOf(landingSite);
    const evidence = referrerHost !== null || utm.utmSource !== null || utm.utmMedium !== null || utm.utmCampaign !== null;
    visit = { source: evidence ? null : "direct", sourceType: null, ...utm, referrerHost, marketingEventId: null, occurredAt: null };
  }
  return {
    origin: "webhook",
    ready: false,
    customerOrderIndex: null,
    daysToConversion: null,
    momentsCount: null,
    first: visit,
    last: visit,
  };
}
