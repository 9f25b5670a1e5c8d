// The events the scenario editor's preview replays (app/domain/scenarios/preview.ts): segment moves,
// qualifying orders with their number in the customer's history, fulfilments and at-risk flags, from
// the stored rows, over the window the definition can reach back to.
import prisma from "../db.server";
import { MS_PER_DAY } from "../domain/calendar";
import type { ScenarioDefinition } from "../domain/scenarios/definition";
import { previewLookbackDays, previewScenario, type CustomerEvents, type ScenarioPreview } from "../domain/scenarios/preview";
import type { CustomerEvent } from "../domain/scenarios/schedule";
import { chunks } from "../domain/chunks";
import { groupByCustomer } from "../domain/group-by";

const CHUNK = 500;

async function loadCustomerEvents(shop: string, definition: ScenarioDefinition, now: Date): Promise<CustomerEvents[]> {
  const since = new Date(now.getTime() - previewLookbackDays(definition) * MS_PER_DAY);
  const events: { customerId: string; event: CustomerEvent }[] = [];
  const add = (customerId: string, event: CustomerEvent) => events.push({ customerId, event });
  const qualifying = { shop, test: false, cancelled: false };

  const orders = await prisma.order.findMany({
    where: { ...qualifying, customerId: { not: null }, processedAt: { gte: since, lte: now } },
    select: { customerId: true, processedAt: true, fulfilledAt: true },
    orderBy: { processedAt: "asc" },
  });
  // An order's number in the customer's history: their orders before the window, then the order's place in it.
  const customerIds = [...new Set(orders.map((o) => o.customerId!))];
  const earlier = new Map<string, number>();
  for (const chunk of chunks(customerIds, CHUNK)) {
    const counts = await prisma.order.groupBy({
      by: ["customerId"],
      where: { ...qualifying, customerId: { in: chunk }, processedAt: { lt: since } },
      _count: { _all: true },
    });
    for (const row of counts) earlier.set(row.customerId!, row._count._all);
  }
  const seen = new Map<string, number>();
  for (const order of orders) {
    const customerId = order.customerId!;
    const inWindow = (seen.get(customerId) ?? 0) + 1;
    seen.set(customerId, inWindow);
    add(customerId, { kind: "order-placed", orderNumber: (earlier.get(customerId) ?? 0) + inWindow, at: order.processedAt });
  }

  const { entry } = definition;
  if (entry.kind === "days-after-fulfilment") {
    const fulfilled = await prisma.order.findMany({
      where: { ...qualifying, customerId: { not: null }, fulfilledAt: { gte: since, lte: now } },
      select: { customerId: true, fulfilledAt: true },
    });
    for (const order of fulfilled) add(order.customerId!, { kind: "fulfilled", at: order.fulfilledAt! });
  }
  if (entry.kind === "segment-transition") {
    const moves = await prisma.segmentTransition.findMany({
      where: { shop, at: { gte: since, lte: now } },
      select: { customerId: true, toStage: true, at: true },
    });
    for (const move of moves) add(move.customerId, { kind: "segment-changed", to: move.toStage, at: move.at });
  }
  if (entry.kind === "at-risk") {
    // The flag is set when predictions are fitted: that fit is when the customer became at risk.
    const fit = await prisma.shopPrediction.findUnique({ where: { shop }, select: { fittedAt: true } });
    if (fit && fit.fittedAt >= since) {
      const atRisk = await prisma.customer.findMany({ where: { shop, atRisk: true }, select: { id: true } });
      for (const customer of atRisk) add(customer.id, { kind: "became-at-risk", at: fit.fittedAt });
    }
  }
  return [...groupByCustomer(events)].map(([customerId, tagged]) => ({ customerId, events: tagged.map(({ event }) => event) }));
}

/** Who would enter today and how many steps would fire this week, with this definition. */
export async function loadScenarioPreview(
  shop: string,
  definition: ScenarioDefinition,
  now: Date,
  timeZone: string,
): Promise<ScenarioPreview> {
  return previewScenario(definition, await loadCustomerEvents(shop, definition, now), now, timeZone);
}
