// Shopify's mandatory privacy webhooks (customers/data_request, customers/redact, shop/redact):
// what we hold about one customer, its irreversible deletion, and the erasure of a whole shop.
// We hold no names, e-mails, phones or addresses (PRIVACY.md), so deleting a customer's rows —
// keyed by their GID — removes everything that relates to them.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { databaseDialect } from "../db-dialect";
import { loadOrderProducts } from "./order.server";
import { refreshAdvocacyDays } from "./journey.server";

export interface CustomerDataExport {
  shop: string;
  customerId: string;
  generatedAt: string;
  customer: Record<string, unknown> | null;
  orders: Record<string, unknown>[];
  segmentHistory: Record<string, unknown>[];
  reviews: Record<string, unknown>[];
  npsAnswers: Record<string, unknown>[];
  abandonedCheckouts: Record<string, unknown>[];
}

export async function recordDataRequest(input: {
  shop: string;
  customerId: string;
  shopifyRequestId: string | null;
  ordersRequested: string[];
  requestedAt: Date;
}): Promise<void> {
  await prisma.dataRequest.create({
    data: { ...input, ordersRequested: JSON.stringify(input.ordersRequested) },
  });
}

export async function listDataRequests(shop: string) {
  return prisma.dataRequest.findMany({ where: { shop }, orderBy: { requestedAt: "desc" }, take: 100 });
}

/** The export for one data request of this shop; null when the id is not this shop's. */
export async function exportForDataRequest(shop: string, requestId: number, now: Date): Promise<CustomerDataExport | null> {
  const request = await prisma.dataRequest.findFirst({ where: { shop, id: requestId } });
  if (!request) return null;
  await prisma.dataRequest.update({ where: { id: request.id }, data: { downloadedAt: now } });
  return exportCustomerData(shop, request.customerId, now);
}

/** Everything Tsunagu holds about the customer in this shop. */
async function exportCustomerData(shop: string, customerId: string, now: Date): Promise<CustomerDataExport> {
  const [customer, orders, segmentHistory, reviews, npsAnswers, abandonedCheckouts] = await Promise.all([
    prisma.customer.findUnique({ where: { shop_id: { shop, id: customerId } } }),
    prisma.order.findMany({ where: { shop, customerId }, orderBy: { processedAt: "asc" } }),
    prisma.segmentTransition.findMany({ where: { shop, customerId }, orderBy: { at: "asc" } }),
    prisma.review.findMany({ where: { shop, customerId }, orderBy: { createdAt: "asc" } }),
    prisma.npsAnswer.findMany({ where: { shop, customerId }, orderBy: { createdAt: "asc" } }),
    prisma.abandonedCheckout.findMany({ where: { shop, customerId }, orderBy: { createdAt: "asc" } }),
  ]);
  const products = await loadOrderProducts(
    shop,
    orders.map((o) => o.id),
  );
  return {
    shop,
    customerId,
    generatedAt: now.toISOString(),
    customer,
    orders: orders.map((order) => ({ ...order, lines: products.get(order.id) ?? [] })),
    segmentHistory,
    reviews,
    npsAnswers,
    abandonedCheckouts,
  };
}

/**
 * Delete every row of the customer (and the orders Shopify names, which may have been guest orders
 * of that person). Shop-level figures are computed from the remaining rows, so they stay consistent;
 * past daily snapshots are counts without identities and are kept. Returns the products whose
 * published review summary must be rebuilt.
 */
export async function redactCustomer(shop: string, customerId: string, orderIds: string[]): Promise<{ reviewedProductIds: string[] }> {
  const orders = await prisma.order.findMany({
    where: { shop, OR: [{ customerId }, { id: { in: orderIds } }] },
    select: { id: true },
  });
  const allOrderIds = orders.map((o) => o.id);
  const reviewed = await prisma.review.findMany({ where: { shop, customerId }, select: { productId: true, createdAt: true } });
  // The days whose journey advocacy sums lose the customer's reviews, answers and first act.
  const [answers, firstAct] = await Promise.all([
    prisma.npsAnswer.findMany({ where: { shop, OR: [{ customerId }, { orderId: { in: allOrderIds } }] }, select: { createdAt: true } }),
    prisma.customerAdvocacy.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { firstAt: true } }),
  ]);
  const entries = await prisma.scenarioEntry.findMany({ where: { shop, customerId }, select: { id: true } });
  await prisma.$transaction([
    prisma.stepFire.deleteMany({ where: { shop, entryId: { in: entries.map((e) => e.id) } } }),
    prisma.scenarioEntry.deleteMany({ where: { shop, customerId } }),
    prisma.orderJourney.deleteMany({ where: { shop, orderId: { in: allOrderIds } } }),
    prisma.customerFirstOrders.deleteMany({ where: { shop, customerId } }),
    prisma.subscriberOrders.deleteMany({ where: { shop, customerId } }),
    prisma.subscription.deleteMany({ where: { shop, customerId } }),
    prisma.subscriberStatus.deleteMany({ where: { shop, customerId } }),
    prisma.subscriptionTransition.deleteMany({ where: { shop, customerId } }),
    prisma.orderProducts.deleteMany({ where: { shop, orderId: { in: allOrderIds } } }),
    prisma.order.deleteMany({ where: { shop, id: { in: allOrderIds } } }),
    prisma.segmentTransition.deleteMany({ where: { shop, customerId } }),
    prisma.review.deleteMany({ where: { shop, customerId } }),
    prisma.customerAdvocacy.deleteMany({ where: { shop, customerId } }),
    prisma.npsAnswer.deleteMany({ where: { shop, OR: [{ customerId }, { orderId: { in: allOrderIds } }] } }),
    prisma.abandonedCheckout.deleteMany({ where: { shop, customerId } }),
    prisma.dataRequest.deleteMany({ where: { shop, customerId } }),
    // What we last wrote to the customer's metafields (the metafields themselves live in Shopify).
    prisma.customerMetafieldState.deleteMany({ where: { shop, customerId } }),
    prisma.storefrontCustomerState.deleteMany({ where: { shop, customerId } }),
    prisma.customer.deleteMany({ where: { shop, id: customerId } }),
  ]);
  await refreshAdvocacyDays(shop, [
    ...reviewed.map((r) => r.createdAt),
    ...answers.map((a) => a.createdAt),
    ...(firstAct ? [firstAct.firstAt] : []),
  ]);
  return { reviewedProductIds: [...new Set(reviewed.map((r) => r.productId))] };
}

/**
 * shop/redact (48 hours after uninstall): erase everything of the shop. Every table with a `shop`
 * column is listed from the database itself, so a table added later cannot be forgotten.
 */
export async function eraseShop(shop: string): Promise<void> {
  const tables = await tablesWithShopColumn();
  await prisma.$transaction(tables.map((table) => prisma.$executeRaw`DELETE FROM ${Prisma.raw(`"${table}"`)} WHERE "shop" = ${shop}`));
}

async function tablesWithShopColumn(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ table: string }[]>(databaseDialect().tablesWithColumn("shop"));
  return rows.map((row) => row.table);
}
