// The channel of online store sessions read through ShopifyQL (docs/touchpoints.md §7): a sessions row's
// referrer and UTM values are the same evidence as a visit's (channels.ts), so sessions and first-touch
// customers fall into the same eight channels, with the merchant's UTM rules first. Pure.
import type { EpochDay } from "../calendar";
import { channelOf, type Channel, type UtmRule } from "./channels";

/** One row of `FROM sessions … GROUP BY day, referrer_source, referrer_name, utm_source, utm_medium, utm_campaign`. */
export interface SessionsRow {
  day: EpochDay;
  /** ShopifyQL's referrer_source: "direct", "search", "social", "email", "unknown" (⚠️ values inferred). */
  referrerSource: string | null;
  /** The referring platform or site, e.g. "Google", "Instagram", a host name. */
  referrerName: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  sessions: number;
  /** sessions_with_cart_additions */
  cartSessions: number;
  /** sessions_that_reached_checkout */
  checkoutSessions: number;
}

/** Sessions of one day and channel: what is stored (TrafficDay). */
export interface TrafficDayCounts {
  day: EpochDay;
  channel: Channel;
  sessions: number;
  cartSessions: number;
  checkoutSessions: number;
}

/** What a referrer source says on its own when the referrer has no name we know. */
const REFERRER_SOURCE_CHANNEL: Record<string, Channel> = {
  search: "organic-search",
  social: "social",
  email: "email",
  direct: "direct",
};

/** The channel of a sessions row: the visit rules of channels.ts on its referrer and UTM values. */
export function sessionChannel(
  row: Omit<SessionsRow, "day" | "sessions" | "cartSessions" | "checkoutSessions">,
  rules: readonly UtmRule[],
): Channel {
  const referrerSource = row.referrerSource?.trim().toLowerCase() || "unknown";
  const channel = channelOf(
    {
      source: row.referrerName ?? referrerSource,
      utmSource: row.utmSource,
      utmMedium: row.utmMedium,
      utmCampaign: row.utmCampaign,
    },
    rules,
  );
  // A search or social session whose platform is not named still came from search or social, not directly.
  if (channel === "direct" || channel === "unknown") return REFERRER_SOURCE_CHANNEL[referrerSource] ?? "other";
  return channel;
}

/** Sums the rows per day and channel (several referrers fall into one channel), days in order. */
export function trafficByDayAndChannel(rows: readonly SessionsRow[], rules: readonly UtmRule[]): TrafficDayCounts[] {
  const sums = new Map<string, TrafficDayCounts>();
  for (const row of rows) {
    const channel = sessionChannel(row, rules);
    const key = `${row.day}|${channel}`;
    const sum = sums.get(key) ?? { day: row.day, channel, sessions: 0, cartSessions: 0, checkoutSessions: 0 };
    sum.sessions += row.sessions;
    sum.cartSessions += row.cartSessions;
    sum.checkoutSessions += row.checkoutSessions;
    sums.set(key, sum);
  }
  return [...sums.values()].sort((a, b) => a.day - b.day || a.channel.localeCompare(b.channel));
}
