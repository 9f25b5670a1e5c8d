// What enters a scenario (docs/domain.md, scenarios), read per entry rule from the shop's rows: segment
// moves, a customer's nth order, fulfilments, the at-risk flag and single-order customers by their first
// order. app/jobs/scenario-evaluate.server.ts turns them into entries.
import prisma from "../db.server";
import { chunks } from "../domain/chunks";

export interface SegmentMove {
  id: number;
  customerId: string;
  fromStage: string | null;
  toStage: string;
  at: Date;
}

/** The shop's moves into `toStage` with an id in (afterId, throughId]. */
export async function loadSegmentMovesInto(
  shop: string,
  toStage: string,
  { afterId, throughId }: { afterId: number; throughId: number },
): Promise<SegmentMove[]> {
  return prisma.segmentTransition.findMany({
    where: { shop, id: { gt: afterId, lte: throughId }, toStage },
    select: { id: true, customerId: true, fromStage: true, toStage: true, at: true },
  });
}

export interface PlacedOrder {
  id: string;
  customerId: string;
  processedAt: Date;
}

/** Orders of known customers processed in (after, through] that are their customer's nth non-test, non-cancelled order. */
export async function loadNthOrdersPlaced(
  shop: string,
  n: number,
  { after, through }: { after: Date; through: Date },
): Promise<PlacedOrder[]> {
  const orders = await prisma.order.findMany({
    where: { shop, customerId: { not: null }, test: false, cancelled: false, processedAt: { gt: after, lte: through } },
    select: { id: true, customerId: true, processedAt: true },
  });
  const ranks = await orderRanks(shop, [...new Set(orders.map((o) => o.customerId!))]);
  return orders.filter((o) => ranks.get(o.id) === n).map((o) => ({ ...o, customerId: o.customerId! }));
}

const CUSTOMERS_PER_QUERY = 500;

/** Each order's position in its customer's non-test, non-cancelled orders (1 = first). */
async function orderRanks(shop: string, customerIds: readonly string[]): Promise<Map<string, number>> {
  const ranks = new Map<string, number>();
  for (const chunk of chunks(customerIds, CUSTOMERS_PER_QUERY)) {
    const history = await prisma.order.findMany({
      where: { shop, customerId: { in: chunk }, test: false, cancelled: false },
      orderBy: [{ processedAt: "asc" }, { id: "asc" }],
      select: { id: true, customerId: true },
    });
    const count = new Map<string, number>();
    for (const order of history) {
      const rank = (count.get(order.customerId!) ?? 0) + 1;
      count.set(order.customerId!, rank);
      ranks.set(order.id, rank);
    }
  }
  return ranks;
}

/** Non-test, non-cancelled orders of known customers first fulfilled in (after, through]. */
export async function loadOrdersFulfilled(
  shop: string,
  { after, through }: { after: Date; through: Date },
): Promise<{ id: string; customerId: string; fulfilledAt: Date }[]> {
  const orders = await prisma.order.findMany({
    where: { shop, customerId: { not: null }, test: false, cancelled: false, fulfilledAt: { gt: after, lte: through } },
    select: { id: true, customerId: true, fulfilledAt: true },
  });
  return orders.map((o) => ({ id: o.id, customerId: o.customerId!, fulfilledAt: o.fulfilledAt! }));
}

/** The customers flagged at risk now. */
export async function listAtRiskCustomerIds(shop: string): Promise<string[]> {
  const customers = await prisma.customer.findMany({ where: { shop, atRisk: true }, select: { id: true } });
  return customers.map((c) => c.id);
}

/** Customers with exactly one order, placed in (after, through]. */
export async function loadSingleOrderCustomers(
  shop: string,
  { firstOrderAfter, through }: { firstOrderAfter: Date; through: Date },
): Promise<{ id: string; firstOrderAt: Date }[]> {
  const customers = await prisma.customer.findMany({
    where: { shop, ordersCount: 1, firstOrderAt: { gt: firstOrderAfter, lte: through } },
    select: { id: true, firstOrderAt: true },
  });
  return customers.map((c) => ({ id: c.id, firstOrderAt: c.firstOrderAt! }));
}
