// After the first sync: segment sizes for the weeks before Tsunagu first classified the shop,
// reconstructed from the orders (app/domain/segment-history.ts explains what that estimate is).
// Idempotent: once the shop has a snapshot before that day, there is nothing left to do.
import { formatEpochDay, zoneCalendar } from "../domain/calendar";
import { reconstructionDays, reconstructSegmentSizes } from "../domain/segment-history";
import { loadCustomerHistories } from "../models/customer.server";
import { earliestOrderAt, firstClassifiedAt, hasSnapshotBefore, saveReconstructedSizes } from "../models/segment-history.server";
import { getShopSettings } from "../models/shop.server";

/** How far back the sizes chart can go before install. */
const RECONSTRUCTED_WEEKS = 52;

/** Returns the number of days written. */
export async function reconstructSegmentHistory({ shop }: { shop: string }): Promise<number> {
  const [settings, classifiedAt, firstOrderAt] = await Promise.all([getShopSettings(shop), firstClassifiedAt(shop), earliestOrderAt(shop)]);
  if (classifiedAt === null || firstOrderAt === null) return 0;
  const calendar = zoneCalendar(settings.ianaTimezone);
  const firstDay = calendar.localDay(classifiedAt);
  if (await hasSnapshotBefore(shop, formatEpochDay(firstDay))) return 0;
  // From the week of the first order on: earlier weeks would all be zero.
  const days = reconstructionDays(firstDay, RECONSTRUCTED_WEEKS).filter((day) => day >= calendar.localDay(firstOrderAt) - 7);
  if (days.length === 0) return 0;
  const sizes = reconstructSegmentSizes(await loadCustomerHistories(shop), settings.rules, { timeZone: settings.ianaTimezone, days });
  return saveReconstructedSizes(shop, sizes);
}
