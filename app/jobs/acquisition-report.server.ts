// The acquisition reports (app/domain/touchpoints/acquisition-report.ts), computed after the segments and
// predictions of a sync or daily refresh, and again after the merchant edits the channel rules (channels
// are derived when the report is computed: docs/decisions/033). Stored as one row: the page reads only it.
import { zoneCalendar } from "../domain/calendar";
import { firstTwoQualifyingOrders } from "../domain/journey/cohort-conversion";
import { stepWindows } from "../domain/journey/journey-map";
import { buildAcquisitionReport, type AcquisitionReport } from "../domain/touchpoints/acquisition-report";
import {
  loadAcquisitionCustomers,
  loadFirstAndSecondOrderProducts,
  loadJourneysOf,
  saveAcquisitionReport,
} from "../models/acquisition.server";
import { loadJourneyShop } from "../models/journey.server";
import { loadShopPrediction } from "../models/prediction.server";
import { loadUtmRules } from "../models/touchpoints.server";

export async function refreshAcquisitionReport({ shop, asOf }: { shop: string; asOf: Date }): Promise<AcquisitionReport> {
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
  await saveAcquisitionReport(shop, report, asOf);
  return report;
}
