// What Tsunagu keeps of an order's customer journey (docs/touchpoints.md §4): the channel inputs of its
// first and last visit (source, source type, UTM source/medium/campaign, the referrer's HOST, the
// marketing event id, when), days to conversion, moments, the customer's order index, and whether
// Shopify had finished attributing it. No URL, no query string, nothing that names a person.
//
// A journey is read from two places: the order's customerJourneySummary (bulk backfill, reconciliation,
// the re-read after a webhook) and, at once, the order webhook's REST fields (landing_site's UTM values,
// referring_site's host). Reads arrive in any order and may repeat; `mergeJourney` makes storing them
// idempotent: a finished summary is never replaced by an unfinished one or by the webhook's fields.
import { channelOf, type ChannelOrUnknown, type MarketingTactic, type UtmRule, type VisitEvidence } from "./channels";

/** Longest text kept of any visit field (Shopify's values are short; a longer one is cut, not refused). */
export const MAX_VISIT_TEXT = 255;

export interface StoredVisit {
  source: string | null;
  sourceType: MarketingTactic | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  referrerHost: string | null;
  marketingEventId: string | null;
  occurredAt: Date | null;
}

/** Where the record came from: Shopify's journey summary, or only the order webhook's REST fields. */
export type JourneyOrigin = "summary" | "webhook";

export interface JourneyRecord {
  origin: JourneyOrigin;
  /** Shopify had attributed the sessions (always false for a webhook-only record: the summary is still to read). */
  ready: boolean;
  customerOrderIndex: number | null;
  daysToConversion: number | null;
  momentsCount: number | null;
  first: StoredVisit | null;
  last: StoredVisit | null;
}

const RANK: Record<string, number> = { "webhook:false": 0, "summary:false": 1, "summary:true": 2 };
const rank = (record: JourneyRecord): number => RANK[`${record.origin}:${record.origin === "summary" && record.ready}`] ?? 0;

/**
 * The record to keep when `incoming` arrives for an order that has `existing` (null: none yet). The more
 * complete read wins (ready summary > unfinished summary > webhook fields); at equal rank the newer read
 * wins, so storing the same read twice changes nothing.
 */
export function mergeJourney(existing: JourneyRecord | null, incoming: JourneyRecord): JourneyRecord {
  if (existing === null) return incoming;
  return rank(incoming) >= rank(existing) ? incoming : existing;
}

/** Whether the summary must be read (again): it was never read, or Shopify had not finished attributing it. */
export function needsSummaryRead(record: JourneyRecord | null): boolean {
  return record === null || !(record.origin === "summary" && record.ready);
}

function visitEvidence(visit: StoredVisit): VisitEvidence {
  return {
    source: visit.source,
    sourceType: visit.sourceType,
    utmSource: visit.utmSource,
    utmMedium: visit.utmMedium,
    utmCampaign: visit.utmCampaign,
    referrerHost: visit.referrerHost,
  };
}

/** The first-touch channel of an order: its first visit's channel ("unknown" without one). */
export function firstTouchChannel(record: JourneyRecord | null, rules: readonly UtmRule[]): ChannelOrUnknown {
  return channelOf(record?.first ? visitEvidence(record.first) : null, rules);
}
