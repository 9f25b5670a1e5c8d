// Each customer's first and second qualifying orders over the whole history, with their products and
// product types (docs/touchpoints.md §1): CustomerFirstOrders (ids and dates), the orders' OrderProducts
// rows, ProductType.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { rawDate } from "../db-dialect";
import type { Value, WriteStep } from "../db-write-steps";
import { chunks } from "../domain/chunks";
import { groupByCustomer } from "../domain/group-by";
import type { OrderFact } from "../domain/types";
import { loadOrderProducts } from "./order.server";
import { QUALIFYING_ORDER_SQL } from "./qualifying-orders.server";
import { writeRows } from "./upsert-rows.server";

export interface FirstOrderRow {
  customerId: string;
  first: { orderId: string; processedAt: Date };
  second: { orderId: string; processedAt: Date } | null;
}

export interface FirstOrderProducts {
  orderId: string;
  processedAt: Date;
  /** One entry per product of the order, by product id; productType "" when the product has none or is unknown. */
  products: { productId: string; productType: string }[];
}

const ROWS_PER_STEP = 5_000;
const IDS_PER_QUERY = 500;
/**
 * Order ids per statement of storedProductsOf, one raw statement each: at 200k orders (86k first and second
 * orders) 500 a findMany took 4.7 s, 5,000 a raw statement 1.5 s (bench:backfill's first/second-order step).
 */
const ORDER_IDS_PER_RAW_QUERY = 5_000;

/** A raw boolean column: a boolean on PostgreSQL, 0/1 on SQLite. */
const toBoolean = (value: boolean | number | bigint): boolean => value === true || Number(value) === 1;

export interface CandidateSlice {
  /** The customers asked for in this slice (null in a shop-wide refresh: every customer with candidates). */
  customerIds: readonly string[] | null;
  candidates: Map<string, OrderFact[]>;
}

/** Orders per slice of a shop-wide refresh: what one slice's candidates hold in memory is bounded by it. */
export const ORDERS_PER_SLICE = 50_000;

/**
 * Per customer (of `customerIds`, or all), the qualifying orders that can be their first two: those ranked
 * 1 or 2 by processedAt, ties all kept, so firstTwoQualifyingOrders over them gives what it gives over the
 * whole history. Ranked by the database, one slice of customers at a time (500 of `customerIds`, or a range
 * of customer ids holding about ORDERS_PER_SLICE orders): a shop-wide refresh of a million-order shop never
 * holds more than one slice's candidates (all of them at once, ~420k rows, took the run's peak RSS past
 * 900 MB; docs/performance.md).
 */
export async function* firstOrderCandidates(
  shop: string,
  customerIds?: readonly string[],
  ordersPerSlice = ORDERS_PER_SLICE,
): AsyncGenerator<CandidateSlice> {
  if (customerIds) {
    for (const ids of chunks(customerIds, IDS_PER_QUERY))
      yield { customerIds: ids, candidates: await rankedCandidates(shop, Prisma.sql`AND "customerId" IN (${Prisma.join(ids)})`) };
    return;
  }
  // Ranges (after, upTo] over Order's index by customer: upTo is the customer of the ordersPerSlice-th
  // order after `after`, so a customer's orders are never split between two slices.
  let after = "";
  for (;;) {
    const [bound] = await prisma.$queryRaw<{ customerId: string }[]>`
      SELECT "customerId" FROM "Order" WHERE "shop" = ${shop} AND "customerId" > ${after}
      ORDER BY "customerId" LIMIT 1 OFFSET ${ordersPerSlice - 1}`;
    if (!bound) {
      yield { customerIds: null, candidates: await rankedCandidates(shop, Prisma.sql`AND "customerId" > ${after}`) };
      return;
    }
    const range = Prisma.sql`AND "customerId" > ${after} AND "customerId" <= ${bound.customerId}`;
    yield { customerIds: null, candidates: await rankedCandidates(shop, range) };
    after = bound.customerId;
  }
}

async function rankedCandidates(shop: string, customers: Prisma.Sql): Promise<Map<string, OrderFact[]>> {
  const rows = await prisma.$queryRaw<
    {
      id: string;
      customerId: string;
      processedAt: number | bigint | string | Date;
      totalPrice: number;
      totalRefunded: number;
      cancelled: boolean | number | bigint;
      test: boolean | number | bigint;
      financialStatus: string | null;
    }[]
  >`
    SELECT "id", "customerId", "processedAt", "totalPrice", "totalRefunded", "cancelled", "test", "financialStatus" FROM (
      SELECT "id", "customerId", "processedAt", "totalPrice", "totalRefunded", "cancelled", "test", "financialStatus",
             RANK() OVER (PARTITION BY "customerId" ORDER BY "processedAt") AS "position"
      FROM "Order"
      WHERE "shop" = ${shop} AND "customerId" IS NOT NULL AND ${QUALIFYING_ORDER_SQL} ${customers}
    ) AS "ranked" WHERE "position" <= 2`;
  return groupByCustomer(
    rows.map((row): OrderFact => ({
      id: row.id,
      customerId: row.customerId,
      processedAt: rawDate(row.processedAt),
      totalPrice: Number(row.totalPrice),
      totalRefunded: Number(row.totalRefunded),
      cancelled: toBoolean(row.cancelled),
      test: toBoolean(row.test),
      financialStatus: row.financialStatus,
    })),
  );
}

/**
 * Of these orders, which have their products stored; the products they hold are added to `productIds` (the
 * orders' OrderProducts rows read a slice at a time: only the product ids are kept).
 */
export async function storedProductsOf(shop: string, orderIds: readonly string[], productIds: Set<string>): Promise<Set<string>> {
  const held = new Set<string>();
  for (const ids of chunks(orderIds, ORDER_IDS_PER_RAW_QUERY)) {
    const rows = await prisma.$queryRaw<{ orderId: string; products: string }[]>`
      SELECT "orderId", "products" FROM "OrderProducts" WHERE "shop" = ${shop} AND "orderId" IN (${Prisma.join(ids)})`;
    for (const row of rows) {
      held.add(row.orderId);
      for (const [productId] of JSON.parse(row.products) as [string, number][]) productIds.add(productId);
    }
  }
  return held;
}

/** Whether the shop has more than `atLeast` orders of customers processed before `before` (it stops counting there). */
export async function hasCustomerOrdersBefore(shop: string, before: Date, atLeast: number): Promise<boolean> {
  const [{ orders }] = await prisma.$queryRaw<{ orders: number | bigint }[]>`
    SELECT count(*) AS "orders" FROM (
      SELECT 1 FROM "Order" WHERE "shop" = ${shop} AND "customerId" IS NOT NULL AND "processedAt" < ${before} LIMIT ${atLeast + 1}
    ) AS "older"`;
  return Number(orders) > atLeast;
}

/** Forgets every first/second order of the shop (a shop-wide refresh saves them again slice by slice). */
export async function clearFirstOrders(shop: string): Promise<void> {
  await prisma.customerFirstOrders.deleteMany({ where: { shop } });
}

/** Replaces the first/second orders of `customerIds` by `rows` (a customer of the list without a row has none). */
export async function saveFirstOrders(shop: string, customerIds: readonly string[], rows: readonly FirstOrderRow[]): Promise<void> {
  const kept = new Set(rows.map((r) => r.customerId));
  const steps: WriteStep[] = [
    { delete: { table: "CustomerFirstOrders", shop, column: "customerId", values: customerIds.filter((id) => !kept.has(id)) } },
  ];
  for (const chunk of chunks(rows, ROWS_PER_STEP)) {
    steps.push({
      upsert: {
        table: "CustomerFirstOrders",
        keyColumns: ["shop", "customerId"],
        columns: ["shop", "customerId", "firstOrderId", "firstProcessedAt", "secondOrderId", "secondProcessedAt"],
        rows: chunk.map((r): Value[] => [
          shop,
          r.customerId,
          r.first.orderId,
          r.first.processedAt,
          r.second?.orderId ?? null,
          r.second?.processedAt ?? null,
        ]),
      },
    });
  }
  await writeRows(steps);
}

/** Of these products, those whose type we have not stored. */
export async function productsWithoutType(shop: string, productIds: readonly string[]): Promise<string[]> {
  const known = new Set<string>();
  const unique = [...new Set(productIds)];
  for (const chunk of chunks(unique, IDS_PER_QUERY)) {
    const rows = await prisma.productType.findMany({
      where: { shop, productId: { in: chunk } },
      select: { productId: true },
    });
    rows.forEach((r) => known.add(r.productId));
  }
  return unique.filter((id) => !known.has(id));
}

export async function saveProductTypes(shop: string, types: ReadonlyMap<string, string>): Promise<void> {
  await writeRows([
    {
      upsert: {
        table: "ProductType",
        keyColumns: ["shop", "productId"],
        columns: ["shop", "productId", "productType"],
        rows: [...types].map(([productId, productType]) => [shop, productId, productType]),
      },
    },
  ]);
}

/** The first/second orders of the shop's customers (or of some), without their products. */
export async function loadFirstOrders(shop: string, customerIds?: readonly string[]): Promise<FirstOrderRow[]> {
  const rows = await prisma.customerFirstOrders.findMany({
    where: { shop, ...(customerIds ? { customerId: { in: [...customerIds] } } : {}) },
    orderBy: { customerId: "asc" },
  });
  return rows.map((r) => ({
    customerId: r.customerId,
    first: { orderId: r.firstOrderId, processedAt: r.firstProcessedAt },
    second: r.secondOrderId && r.secondProcessedAt ? { orderId: r.secondOrderId, processedAt: r.secondProcessedAt } : null,
  }));
}

/**
 * Per customer, their first and second qualifying orders over the whole history with each order's products
 * and product types. An order whose products were never read has an empty list.
 */
export async function loadFirstOrderProducts(
  shop: string,
  customerIds?: readonly string[],
): Promise<Map<string, { first: FirstOrderProducts; second: FirstOrderProducts | null }>> {
  const rows = await loadFirstOrders(shop, customerIds);
  const orderIds = rows.flatMap((r) => (r.second ? [r.first.orderId, r.second.orderId] : [r.first.orderId]));
  const products = await loadOrderProducts(shop, orderIds);
  const productIds = new Set<string>();
  for (const lines of products.values()) for (const line of lines) productIds.add(line.productId);
  const types = new Map<string, string>();
  const ids = [...productIds];
  for (const chunk of chunks(ids, IDS_PER_QUERY)) {
    const found = await prisma.productType.findMany({ where: { shop, productId: { in: chunk } } });
    found.forEach((t) => types.set(t.productId, t.productType));
  }
  const withProducts = ({ orderId, processedAt }: { orderId: string; processedAt: Date }): FirstOrderProducts => ({
    orderId,
    processedAt,
    products: (products.get(orderId) ?? []).map(({ productId }) => ({ productId, productType: types.get(productId) ?? "" })),
  });
  return new Map(rows.map((r) => [r.customerId, { first: withProducts(r.first), second: r.second ? withProducts(r.second) : null }]));
}
