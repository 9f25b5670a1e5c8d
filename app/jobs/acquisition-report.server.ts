// The acquisition reports (app/domain/touchpoints/acquisition-report.ts), computed after the segments and
// predictions of a sync or daily refresh, and again after the merchant edits the channel rules (channels
// are derived when the report is computed: docs/decisions/033). Stored as one row with the titles of the
// products the page names (read here, once per computation): the page reads only that row.
import { zoneCalendar } from "../domain/calendar";
import { firstTwoQualifyingOrders } from "../domain/journey/cohort-conversion";
import { stepWindows } from "../domain/journey/journey-map";
import { buildAcquisitionReport, shownProductIds, type AcquisitionReport } from "../domain/touchpoints/acquisition-report";
import {
  loadAcquisitionCustomers,
  loadFirstAndSecondOrderProducts,
  loadJourneysOf,
  saveAcquisitionReport,
} from "../models/acquisition.server";
import { loadJourneyShop } from "../models/journey.server";
import { loadShopPrediction } from "../models/prediction.server";
import { loadUtmRules } from "../models/touchpoints.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { fetchProductTitles } from "../shopify/product-titles.server";

export async function refreshAcquisitionReport({
  shop,
  asOf,
  admin,
}: {
  shop: string;
  asOf: Date;
  /** For the titles of the products the page names; without it (tests, an uninstalled shop) none are stored. */
  admin?: AdminClient | null;
}): Promise<AcquisitionReport> {
  const [journeyShop, customers, rules, prediction] = await Promise.all([
    loadJourneyShop(shop),
    loadAcquisitionCustomers(shop),
    loadUtmRules(shop),
    loadShopPrediction(shop),
  ]);
  const timeZone = journeyShop.ianaTimezone;
  const calendar = zoneCalendar(timeZone);
  // the last complete local day, as the journey's figures
  const asOfDay = calendar.localDay(asOf) - 1;
  const lastInstantMs = calendar.startOfLocalDay(asOfDay + 1) - 1;
  const firstOrderIds: string[] = [];
  for (const customer of customers) {
    const pair = firstTwoQualifyingOrders(customer.orders, lastInstantMs);
    if (pair !== null) firstOrderIds.push(pair.first.id);
  }
  const [journeys, orderProducts] = await Promise.all([loadJourneysOf(shop, firstOrderIds), loadFirstAndSecondOrderProducts(shop)]);
  const windows = stepWindows(journeyShop.journeyMap);
  const report = buildAcquisitionReport({
    customers,
    journeys,
    orderProducts,
    rules,
    asOfDay,
    timeZone,
    windows: { purchase: windows.purchase, retention: windows.retention },
    predictionsPublished: prediction?.ok === true,
  });
  const productIds = shownProductIds(report);
  const productTitles = admin && productIds.length > 0 ? await fetchProductTitles(admin, productIds) : {};
  await saveAcquisitionReport(shop, report, asOf, productTitles);
  return report;
}
