// Each customer's first and second qualifying orders over the whole history, with their products and
// product types (docs/touchpoints.md §1): CustomerFirstOrders (ids and dates), the orders' OrderProducts
// rows, ProductType.
import prisma from "../db.server";
import type { Value, WriteStep } from "../db-write-steps";
import { loadOrderProducts } from "./order.server";
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

/** Replaces the first/second orders of `customerIds` by `rows` (a customer of the list without a row has none). */
export async function saveFirstOrders(shop: string, customerIds: readonly string[] | "all", rows: readonly FirstOrderRow[]): Promise<void> {
  const steps: WriteStep[] = [];
  if (customerIds === "all") await prisma.customerFirstOrders.deleteMany({ where: { shop } });
  else {
    const kept = new Set(rows.map((r) => r.customerId));
    steps.push({ delete: { table: "CustomerFirstOrders", shop, column: "customerId", values: customerIds.filter((id) => !kept.has(id)) } });
  }
  for (let start = 0; start < rows.length; start += ROWS_PER_STEP) {
    steps.push({
      upsert: {
        table: "CustomerFirstOrders",
        keyColumns: ["shop", "customerId"],
        columns: ["shop", "customerId", "firstOrderId", "firstProcessedAt", "secondOrderId", "secondProcessedAt"],
        rows: rows
          .slice(start, start + ROWS_PER_STEP)
          .map((r): Value[] => [
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
  for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
    const rows = await prisma.productType.findMany({
      where: { shop, productId: { in: unique.slice(start, start + IDS_PER_QUERY) } },
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
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const found = await prisma.productType.findMany({ where: { shop, productId: { in: ids.slice(start, start + IDS_PER_QUERY) } } });
    found.forEach((t) => types.set(t.productId, t.productType));
  }
  const withProducts = ({ orderId, processedAt }: { orderId: string; processedAt: Date }): FirstOrderProducts => ({
    orderId,
    processedAt,
    products: (products.get(orderId) ?? []).map(({ productId }) => ({ productId, productType: types.get(productId) ?? "" })),
  });
  return new Map(rows.map((r) => [r.customerId, { first: withProducts(r.first), second: r.second ? withProducts(r.second) : null }]));
}
