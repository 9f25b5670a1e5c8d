// The acquisition reports (app/domain/touchpoints/acquisition-report.ts): what they are computed from,
// and the computed report, stored as one ShopAggregate row (kind "acquisition") so a page view reads one
// row whatever the shop's size.
import prisma from "../db.server";
import type { AcquisitionCustomer, AcquisitionReport, OrderProduct } from "../domain/touchpoints/acquisition-report";
import type { JourneyRecord } from "../domain/touchpoints/journey-record";
import { crossSellAfterFirstProducts, type CrossSell, type NextProductsRow } from "../domain/touchpoints/next-products";
import type { LifecycleStage } from "../domain/types";
import { loadFirstAdvocacyAt } from "./advocacy.server";
import { loadCustomerHistories } from "./customer.server";
import { loadFirstOrderProducts } from "./first-orders.server";
import { loadShopAggregate, saveShopAggregate, type StoredAggregate } from "./shop-aggregate.server";
import { loadOrderJourneys } from "./touchpoints.server";
import { chunks } from "../domain/chunks";

/** Order ids per `IN (…)` list: Prisma refuses a query with more bound parameters than the database allows (P2029 at 10,000 on SQLite). */
const IDS_PER_QUERY = 500;

/**
 * The report as stored, with the titles of the products its page names (shownProductIds), read from Shopify
 * when it was computed: a page view reads this one row and nothing else. A title missing (no client, a
 * failed read, a report stored before titles were) shows as the product's number.
 */
export interface StoredAcquisitionReport extends AcquisitionReport {
  productTitles?: Record<string, string>;
}

export async function saveAcquisitionReport(
  shop: string,
  report: AcquisitionReport,
  computedAt: Date,
  productTitles: Record<string, string> = {},
): Promise<void> {
  await saveShopAggregate(shop, "acquisition", computedAt, { ...report, productTitles } satisfies StoredAcquisitionReport);
}

export async function loadAcquisitionReport(shop: string): Promise<StoredAggregate<StoredAcquisitionReport> | null> {
  return loadShopAggregate<StoredAcquisitionReport>(shop, "acquisition");
}

/** What the second order held after each first product, as of the last report (empty before the first). */
export async function loadNextProductRows(shop: string): Promise<NextProductsRow[]> {
  return (await loadAcquisitionReport(shop))?.value.nextProducts ?? [];
}

/** Cross-sell suggestions after the first products with the most customers (the playbook's product content). */
export async function loadCrossSell(shop: string): Promise<CrossSell[]> {
  return crossSellAfterFirstProducts(await loadNextProductRows(shop));
}

/** Every customer with their orders, today's segment, predicted 12-month value and first act of advocacy. */
export async function loadAcquisitionCustomers(shop: string): Promise<AcquisitionCustomer[]> {
  const [histories, customers, firstAdvocacyAt] = await Promise.all([
    loadCustomerHistories(shop),
    prisma.customer.findMany({ where: { shop }, select: { id: true, stage: true, predictedClv12m: true } }),
    loadFirstAdvocacyAt(shop),
  ]);
  const byId = new Map(customers.map((c) => [c.id, c]));
  return histories.map((history) => {
    const customer = byId.get(history.customerId);
    return {
      customerId: history.customerId,
      orders: history.orders,
      stage: (customer?.stage ?? "prospect") as LifecycleStage,
      predictedClv12m: customer?.predictedClv12m ?? null,
      firstAdvocacyAt: firstAdvocacyAt.get(history.customerId) ?? null,
    };
  });
}

/** The stored journeys of these orders (by order id), read in slices. */
export async function loadJourneysOf(shop: string, orderIds: readonly string[]): Promise<Map<string, JourneyRecord>> {
  const journeys = new Map<string, JourneyRecord>();
  for (const chunk of chunks(orderIds, IDS_PER_QUERY)) {
    for (const [orderId, journey] of await loadOrderJourneys(shop, chunk)) journeys.set(orderId, journey);
  }
  return journeys;
}

/**
 * The products (with their types) of every customer's first and second qualifying orders over the whole
 * history, by order id; orders whose products were never read are absent.
 */
export async function loadFirstAndSecondOrderProducts(shop: string): Promise<Map<string, OrderProduct[]>> {
  const byOrder = new Map<string, OrderProduct[]>();
  for (const { first, second } of (await loadFirstOrderProducts(shop)).values()) {
    for (const order of second ? [first, second] : [first]) if (order.products.length > 0) byOrder.set(order.orderId, order.products);
  }
  return byOrder;
}
