// Reads the shop's online store sessions by day and channel through ShopifyQL (docs/touchpoints.md §7) into
// TrafficDay: on the first run the last SESSIONS_HISTORY_DAYS complete days (the longest journey period and
// the period before it), then each run from RE_READ_DAYS before the last day read (Shopify's sessions of the
// last days may still grow) to yesterday. A day read replaces that day's rows, so a run repeated or killed
// halfway leaves the same rows. Requests go through the paced Admin client, a page of 1,000 rows each.
// When Shopify denies the field (no read_reports, or no Level 2 protected customer data) the shop records
// that sessions are unavailable and the journey keeps its customer measures; nothing fails.
import type { AdminClient } from "../shopify/admin-client.server";
import { readSessions } from "../shopify/shopifyql.server";
import { localDay } from "../domain/calendar";
import { trafficByDayAndChannel } from "../domain/touchpoints/session-channels";
import { getShopSettings } from "../models/shop.server";
import { loadUtmRules } from "../models/touchpoints.server";
import { loadTrafficSync, markTrafficDenied, replaceTrafficDays } from "../models/traffic.server";

/** Two of the journey's longest period (365 days): the period and the one it is compared with. */
export const SESSIONS_HISTORY_DAYS = 730;
/** Days read again on every run. */
const RE_READ_DAYS = 3;

export async function syncSessions({
  shop,
  admin,
  now,
  reReadAll = false,
}: {
  shop: string;
  admin: AdminClient;
  now: Date;
  /** Read the whole history again (the merchant's UTM rules changed: channels are derived when read). */
  reReadAll?: boolean;
}): Promise<{ status: "available" | "denied"; days: number; rows: number }> {
  const { ianaTimezone } = await getShopSettings(shop);
  const to = localDay(now, ianaTimezone) - 1;
  const sync = await loadTrafficSync(shop);
  const history = to - SESSIONS_HISTORY_DAYS + 1;
  const from =
    !reReadAll && sync?.status === "available" && sync.lastDay !== null
      ? Math.max(history, Math.min(to, sync.lastDay) - RE_READ_DAYS + 1)
      : history;
  const read = await readSessions(admin, { from, to });
  if (read.status === "denied") {
    await markTrafficDenied(shop, now);
    return { status: "denied", days: 0, rows: 0 };
  }
  const rows = trafficByDayAndChannel(read.rows, await loadUtmRules(shop));
  await replaceTrafficDays(shop, { from, to }, rows, now);
  return { status: "available", days: to - from + 1, rows: rows.length };
}
