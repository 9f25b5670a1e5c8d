// A hand-built shop for the acquisition reports, written straight into the database: four customers of
// a Tokyo store (JPY) acquired in 2025, the journeys of their first orders, the products of their orders,
// one review and a published prediction, and the first/second orders with their products' types. Reported as of 1 Jan 2026 03:00 UTC (last complete day 31 Dec).
import prisma from "../../app/db.server";
import type { JourneyRecord, StoredVisit } from "../../app/domain/touchpoints/journey-record";
import { clearFirstOrders, saveFirstOrders, saveProductTypes } from "../../app/models/first-orders.server";
import { DEFAULT_MODERATION_RULES } from "../../app/domain/reviews";
import { saveReview } from "../../app/models/review.server";
import { saveOrderJourneys } from "../../app/models/touchpoints.server";

export const ACQUISITION_ASOF = new Date("2026-01-01T03:00:00Z");
export const productGid = (n: number) => `gid://shopify/Product/${n}`;
const customerGid = (name: string) => `gid://shopify/Customer/${name}`;
const orderGid = (name: string) => `gid://shopify/Order/${name}`;

const visit = (fields: Partial<StoredVisit>): StoredVisit => ({
  source: null,
  sourceType: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  referrerHost: null,
  marketingEventId: null,
  occurredAt: null,
  ...fields,
});
const journey = (first: StoredVisit, daysToConversion: number): JourneyRecord => ({
  origin: "summary",
  ready: true,
  customerOrderIndex: 1,
  daysToConversion,
  momentsCount: 1,
  first,
  last: first,
});

/** Product types: tea (1), cups and a kettle (2, 3: tableware). */
const PRODUCT_TYPES = new Map([
  [productGid(1), "Tea"],
  [productGid(2), "Tableware"],
  [productGid(3), "Tableware"],
]);

// customer → segment, predicted 12-month value, orders (local date in Tokyo, amount in yen, products)
const CUSTOMERS: Record<string, { stage: string; clv: number; orders: [string, string, number, number[]][] }> = {
  // Google search; product 1, then product 2 22 days later, product 1 again on day 142; reviewed on 1 Mar
  a: {
    stage: "regular",
    clv: 4000,
    orders: [
      ["a1", "2025-01-10", 3000, [1]],
      ["a2", "2025-02-01", 2000, [2]],
      ["a3", "2025-06-01", 1000, [1]],
    ],
  },
  // LINE (utm_source=line); product 1, never again
  b: { stage: "dormant", clv: 500, orders: [["b1", "2025-03-01", 2500, [1]]] },
  // Google search; product 3 on 15 Nov, again on 1 Dec
  c: {
    stage: "new",
    clv: 1500,
    orders: [
      ["c1", "2025-11-15", 4000, [3]],
      ["c2", "2025-12-01", 1000, [3]],
    ],
  },
  // Instagram; products 1 and 3 on 1 Jun, product 1 again on 1 Oct (122 days)
  d: {
    stage: "regular",
    clv: 2500,
    orders: [
      ["d1", "2025-06-01", 5000, [1, 3]],
      ["d2", "2025-10-01", 3000, [1]],
    ],
  },
};

/** Writes the shop (its Shop row is created unless `shopRow` is false: an installed shop already has one). */
export async function seedAcquisitionShop(shop: string, { shopRow = true }: { shopRow?: boolean } = {}): Promise<void> {
  if (shopRow) await prisma.shop.create({ data: { shop, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  for (const [name, customer] of Object.entries(CUSTOMERS)) {
    await prisma.customer.create({
      data: {
        shop,
        id: customerGid(name),
        shopifyCreatedAt: new Date("2024-12-01T00:00:00Z"),
        shopifyUpdatedAt: ACQUISITION_ASOF,
        stage: customer.stage,
        predictedClv12m: customer.clv,
      },
    });
    for (const [id, day, amount, products] of customer.orders) {
      const processedAt = new Date(`${day}T01:00:00Z`); // 10:00 in Tokyo
      await prisma.order.create({
        data: { shop, id: orderGid(id), customerId: customerGid(name), processedAt, shopifyUpdatedAt: processedAt, totalPrice: amount },
      });
      await prisma.orderProducts.create({
        data: { shop, orderId: orderGid(id), products: JSON.stringify(products.map((p) => [productGid(p), 1])) },
      });
    }
  }
  // each customer's first and second orders over the whole history, and the products' types
  await clearFirstOrders(shop);
  await saveFirstOrders(
    shop,
    Object.keys(CUSTOMERS).map(customerGid),
    Object.entries(CUSTOMERS).map(([name, customer]) => {
      const [first, second] = customer.orders.map(([id, day]) => ({ orderId: orderGid(id), processedAt: new Date(`${day}T01:00:00Z`) }));
      return { customerId: customerGid(name), first: first!, second: second ?? null };
    }),
  );
  await saveProductTypes(shop, PRODUCT_TYPES);
  await saveOrderJourneys(shop, [
    { orderId: orderGid("a1"), journey: journey(visit({ source: "Google", sourceType: "SEO", referrerHost: "google.co.jp" }), 0) },
    { orderId: orderGid("b1"), journey: journey(visit({ source: "line.me", utmSource: "line", utmMedium: "message" }), 3) },
    { orderId: orderGid("c1"), journey: journey(visit({ source: "Google", sourceType: "SEO" }), 20) },
    {
      orderId: orderGid("d1"),
      journey: journey(visit({ source: "Instagram", sourceType: "POST", utmSource: "ig", utmMedium: "social" }), 1),
    },
  ]);
  // through the app's own write, which also records the customer's first act of advocacy
  await saveReview(
    shop,
    customerGid("a"),
    orderGid("a1"),
    { productId: productGid(2), rating: 5, title: "", body: "" },
    DEFAULT_MODERATION_RULES,
    new Date("2025-03-01T01:00:00Z"),
  );
  await prisma.shopPrediction.upsert({
    where: { shop },
    create: { shop, fittedAt: ACQUISITION_ASOF, ok: true, customers: 4, repeatBuyers: 3 },
    update: { fittedAt: ACQUISITION_ASOF, ok: true, customers: 4, repeatBuyers: 3 },
  });
}
