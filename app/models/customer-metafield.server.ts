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
import { isEmpty } from "../domain/customer-metafields";
import type { LifecycleStage } from "../domain/types";

export interface CustomerMetafieldInputs {
  timeZone: string;
  published: PublishedPredictions;
  customers: CustomerMetafieldFacts[];
  written: Map<string, CustomerMetafieldValues>;
}

/** Every customer's stage and stored predictions, the last fit's gates, and what was last written. */
export async function loadCustomerMetafieldInputs(shop: string): Promise<CustomerMetafieldInputs> {
  const [settings, fit, customers, written] = await Promise.all([
    prisma.shop.findUniqueOrThrow({ where: { shop }, select: { ianaTimezone: true } }),
    prisma.shopPrediction.findUnique({ where: { shop }, select: { ok: true, showPAlive: true } }),
    prisma.customer.findMany({
      where: { shop },
      select: { id: true, stage: true, lastOrderAt: true, pAlive: true, expectedPurchases365: true, predictedClv12m: true },
    }),
    prisma.customerMetafieldState.findMany({ where: { shop } }),
  ]);
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
  await prisma.$transaction(
    writes.map(({ customerId, values }) =>
      isEmpty(values)
        ? prisma.customerMetafieldState.deleteMany({ where: { shop, customerId } })
        : prisma.customerMetafieldState.upsert({
            where: { shop_customerId: { shop, customerId } },
            create: { shop, customerId, ...values, writtenAt: at },
            update: { ...values, writtenAt: at },
          }),
    ),
  );
}

/** Forget the state of customers we no longer hold (deleted on Shopify: their metafields went with them). */
export async function forgetCustomerMetafieldStates(shop: string, customerIds: readonly string[]): Promise<void> {
  for (let i = 0; i < customerIds.length; i += 500) {
    await prisma.customerMetafieldState.deleteMany({ where: { shop, customerId: { in: customerIds.slice(i, i + 500) } } });
  }
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
