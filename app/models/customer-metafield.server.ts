// Persistence for the customer metafields of Shopify's own segments (docs/decisions/044): the stored
// facts they are derived from, what was last written to Shopify per customer (values only: a segment
// key, rounded numbers, a date), and the status the settings page shows.
import prisma from "../db.server";
import type {
  CustomerMetafieldFacts,
  CustomerMetafieldValues,
  CustomerMetafieldWrite,
  PublishedPredictions,
} from "../domain/customer-metafields";
import { chunks } from "../domain/chunks";
import { isEmpty } from "../domain/customer-metafields";
import { writeRows } from "./upsert-rows.server";
import type { LifecycleStage } from "../domain/types";

export interface CustomerMetafieldInputs {
  timeZone: string;
  published: PublishedPredictions;
  customers: CustomerMetafieldFacts[];
  written: Map<string, CustomerMetafieldValues>;
}

const CUSTOMERS_PER_QUERY = 500;

/**
 * The customers' stage and stored predictions (every customer of the shop, or only `customerIds`), the
 * last fit's gates, and what was last written for them.
 */
export async function loadCustomerMetafieldInputs(shop: string, customerIds?: readonly string[]): Promise<CustomerMetafieldInputs> {
  const select = { id: true, stage: true, lastOrderAt: true, pAlive: true, expectedPurchases365: true, predictedClv12m: true } as const;
  const scopes = customerIds === undefined ? [undefined] : [...chunks(new Set(customerIds), CUSTOMERS_PER_QUERY)];
  const [settings, fit, scoped] = await Promise.all([
    prisma.shop.findUniqueOrThrow({ where: { shop }, select: { ianaTimezone: true } }),
    prisma.shopPrediction.findUnique({ where: { shop }, select: { ok: true, showPAlive: true } }),
    Promise.all(
      scopes.map(async (ids) => {
        const where = ids === undefined ? { shop } : { shop, id: { in: ids } };
        const stateWhere = ids === undefined ? { shop } : { shop, customerId: { in: ids } };
        return Promise.all([prisma.customer.findMany({ where, select }), prisma.customerMetafieldState.findMany({ where: stateWhere })]);
      }),
    ),
  ]);
  const customers = scoped.flatMap(([rows]) => rows);
  const written = scoped.flatMap(([, rows]) => rows);
  return {
    timeZone: settings.ianaTimezone,
    published: { ok: fit?.ok ?? false, showPAlive: fit?.showPAlive ?? false },
    customers: customers.map(({ id, stage, ...rest }) => ({ customerId: id, stage: stage as LifecycleStage, ...rest })),
    written: new Map(
      written.map((row) => [
        row.customerId,
        {
          lifecycleSegment: row.lifecycleSegment,
          predictedValue12m: row.predictedValue12m,
          pAlive: row.pAlive,
          expectedNextOrderDate: row.expectedNextOrderDate,
        },
      ]),
    ),
  };
}

/** Record what Shopify now holds for these customers, in one transaction (a customer left with nothing loses its row). */
export async function recordCustomerMetafieldWrites(shop: string, writes: readonly CustomerMetafieldWrite[], at: Date): Promise<void> {
  const held = writes.filter(({ values }) => !isEmpty(values));
  await writeRows([
    {
      upsert: {
        table: "CustomerMetafieldState",
        keyColumns: ["shop", "customerId"],
        columns: ["shop", "customerId", "lifecycleSegment", "predictedValue12m", "pAlive", "expectedNextOrderDate", "writtenAt"],
        rows: held.map(({ customerId, values }) => [
          shop,
          customerId,
          values.lifecycleSegment,
          values.predictedValue12m,
          values.pAlive,
          values.expectedNextOrderDate,
          at,
        ]),
      },
    },
    {
      delete: {
        table: "CustomerMetafieldState",
        shop,
        column: "customerId",
        values: writes.filter(({ values }) => isEmpty(values)).map((write) => write.customerId),
      },
    },
  ]);
}

/** Forget the state of customers we no longer hold (deleted on Shopify: their metafields went with them). */
export async function forgetCustomerMetafieldStates(shop: string, customerIds: readonly string[]): Promise<void> {
  for (const chunk of chunks(customerIds, CUSTOMERS_PER_QUERY))
    await prisma.customerMetafieldState.deleteMany({ where: { shop, customerId: { in: chunk } } });
}

export interface CustomerMetafieldStatus {
  /** key → the namespace Shopify resolved (null when the shop already had the definition), for definitions present */
  definitions: Map<string, string | null>;
  /** customers carrying at least one of the metafields */
  customers: number;
  lastWrittenAt: Date | null;
}

export async function loadCustomerMetafieldStatus(shop: string, keys: readonly string[]): Promise<CustomerMetafieldStatus> {
  const [definitions, aggregate] = await Promise.all([
    prisma.appMetafieldDefinition.findMany({
      where: { shop, ownerType: "CUSTOMER", key: { in: [...keys] } },
      select: { key: true, namespace: true },
    }),
    prisma.customerMetafieldState.aggregate({ where: { shop }, _count: { _all: true }, _max: { writtenAt: true } }),
  ]);
  return {
    definitions: new Map(definitions.map((d) => [d.key, d.namespace])),
    customers: aggregate._count._all,
    lastWrittenAt: aggregate._max.writtenAt,
  };
}
