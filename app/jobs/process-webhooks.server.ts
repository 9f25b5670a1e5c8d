// The slow half of webhooks: apply every event of a shop that is waiting, in one job (a burst of
// orders becomes one batch), then recompute only the customers it touched, write their tag deltas and
// tell Flow. Events are marked processed only after all of that succeeded: a crash repeats the batch,
// which is harmless because every step is idempotent. The job runs in a worker process, apart from the
// intake; it still works in bounded batches and yields between them, as any job sharing its process does.
//
// No poison messages: when a batch fails, its events are applied one by one, so one event that cannot
// be applied does not hold up the shop's others. A failure counts against an event only when other
// events of the run went through (when all fail, Shopify or the database is down, not the events);
// after WEBHOOK_ATTEMPTS_MAX counted failures the event is set aside with its error, listed in
// Settings → Jobs. Facts that no longer parse are set aside at once.
//
// Convergence: a row is replaced only by a payload with a strictly newer `updated_at` (a same-second
// tie that says something else is settled by re-reading the order), so duplicates and out-of-order
// deliveries end in the state of the newest payload. That same rule ignores the
// customers/update echo of our own tag writes: we store the customer's updatedAt our write produced
// (recompute-customer.server.ts), and the echo carries exactly that time.
import type { CustomerFacts, CustomerTimes, OrderFacts, OrderRecord, WebhookFacts } from "../domain/records";
import { isSyncSettled } from "../models/sync-run.server";
import { deleteCustomerRows, loadCustomerVersions, saveCustomerTimes } from "../models/customer-incremental.server";
import { loadOrderVersions, saveOrdersWithLines } from "../models/order.server";
import { saveOrderJourneys } from "../models/touchpoints.server";
import {
  loadPendingWebhookEvents,
  markWebhookEventsProcessed,
  moveWebhookInbox,
  recordWebhookEventFailure,
  type PendingWebhookEvent,
} from "../models/webhook-event.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { OrderFactsById } from "../shopify/graphql/order-facts.query";
import type { OrderFactsByIdQuery } from "../shopify/graphql/generated/admin.generated";
import { completeOrderFacts } from "../shopify/order-products.server";
import { applySubscriptionOrderFacts } from "./detect-subscriptions.server";
import { sendPendingFlowTriggers } from "./flow-triggers.server";
import { refreshFirstOrders } from "./first-orders.server";
import { recomputeCustomers } from "./recompute-customer.server";

// Each batch's order and customer ids go into `IN (…)` lists (SQLite takes at most 999 bound values),
// and a batch is one stretch of work on the event loop the intake shares: a few hundred events at most.
const EVENTS_PER_BATCH = 250;

// An event waits this long after it arrived before it is applied, so a burst becomes one batch: the
// job's fixed cost (settings, VIP cut, Flow outbox) is paid once per batch instead of once per order,
// and a customer with several orders in the window is recomputed once. At 200 webhooks/s, applying
// them one job each cost more than the intake itself (bench:webhooks). Far below the freshness
// target (order to tag, p95 ≤ 5 s).
const COLLECT_MS = 500;

export const WEBHOOK_ATTEMPTS_MAX = 3;

export interface ProcessWebhooksResult {
  /** false until a sync has completed, and while one runs: the events wait for it */
  ran: boolean;
  events: number;
  customersRecomputed: number;
  /** the customers recomputed (their customer metafields are written next: job-handlers.server.ts) */
  recomputedCustomerIds: string[];
  transitions: number;
  tagsWritten: number;
  flowTriggers: number;
}

/** Let waiting requests (webhook intake) run: better-sqlite3 answers on the event loop, without a pause. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function processWebhookEvents({
  shop,
  admin,
  asOf,
  collectMs = COLLECT_MS,
}: {
  shop: string;
  admin: AdminClient;
  asOf: Date;
  collectMs?: number;
}): Promise<ProcessWebhooksResult> {
  const result: ProcessWebhooksResult = {
    ran: false,
    events: 0,
    customersRecomputed: 0,
    recomputedCustomerIds: [],
    transitions: 0,
    tagsWritten: 0,
    flowTriggers: 0,
  };
  // Events that arrive during the backfill are applied after it: the sync's rows are the base they change.
  if (!(await isSyncSettled(shop))) return result;
  result.ran = true;
  // Events that failed alone in this run: not loaded again until the next run.
  const failed = new Map<string, string>();
  let applied = 0;
  const apply = async (events: PendingWebhookEvent[]) => {
    const facts = events.map((e) => e.facts!);
    const changes = await applyChanges(shop, admin, facts);
    // Before the recompute: whether a customer is an active subscriber decides whether they can lapse.
    await applySubscriptionOrderFacts({ shop, orders: changes.writtenOrders, asOf });
    await refreshFirstOrders({ shop, admin, customerIds: [...changes.customersToRecompute] });
    await yieldToRequests();
    const recomputed = await recomputeCustomers({ shop, admin, customerIds: [...changes.customersToRecompute], asOf });
    result.flowTriggers += await sendPendingFlowTriggers(shop, admin);
    await yieldToRequests();
    // Last: an event marked processed has had all its effects, Flow included.
    await markWebhookEventsProcessed(
      shop,
      events.map((e) => e.eventId),
      new Date(),
    );
    applied += events.length;
    result.events += events.length;
    result.customersRecomputed += changes.customersToRecompute.size;
    result.recomputedCustomerIds.push(...changes.customersToRecompute);
    result.transitions += recomputed.transitions;
    result.tagsWritten += recomputed.tagsWritten;
  };
  // On SQLite the web processes' deliveries wait in the webhook inbox until they are moved (webhook-event.server.ts).
  const loadPending = async () => {
    await moveWebhookInbox();
    return loadPendingWebhookEvents(shop, EVENTS_PER_BATCH, failed.keys());
  };
  for (;;) {
    let events = await loadPending();
    if (events.length === 0) break;
    // Until the oldest is collectMs old (never longer: another web process's clock may run ahead).
    const collectFor = Math.min(collectMs, collectMs - (Date.now() - events[0].receivedAt.getTime()));
    if (events.length < EVENTS_PER_BATCH && collectFor > 0) {
      await new Promise((resolve) => setTimeout(resolve, collectFor));
      events = await loadPending();
    }
    for (const event of events.filter((e) => e.facts === null)) {
      await recordWebhookEventFailure(shop, event.eventId, "the stored facts are not JSON", new Date(), 1);
    }
    const readable = events.filter((e) => e.facts !== null);
    if (readable.length === 0) continue;
    try {
      await apply(readable);
    } catch {
      for (const event of readable) {
        try {
          await apply([event]);
        } catch (error) {
          failed.set(event.eventId, error instanceof Error ? error.message : String(error));
        }
      }
    }
    await yieldToRequests();
  }
  if (failed.size > 0) {
    if (applied > 0) {
      for (const [eventId, error] of failed) await recordWebhookEventFailure(shop, eventId, error, new Date(), WEBHOOK_ATTEMPTS_MAX);
    }
    // The job fails visibly; the events left are tried again on the shop's next run.
    throw new Error(`${failed.size} webhook event(s) of ${shop} could not be applied: ${[...failed.values()][0]}`);
  }
  return result;
}

export interface AppliedChanges {
  /** customers whose orders changed or who are new to us */
  customersToRecompute: Set<string>;
  ordersWritten: number;
  /** payloads not newer than the row we hold (duplicates, late deliveries, echoes of our writes) */
  ignored: number;
  /** the facts each written order row came from */
  writtenOrders: OrderFacts[];
}

/**
 * Apply facts from webhooks or reconciliation, newest-wins per resource. Customer times first (an
 * order's buyer must exist), then orders, then deletions.
 *
 * Shopify's timestamps have whole seconds, so two changes of one order within a second carry the same
 * `updated_at`. When a payload ties with the row we hold but says something else, neither can be
 * trusted to be the later one: the order is re-read from Shopify, whose answer is the truth now. The
 * same re-read applies a refund that no order payload has shown yet (refunds/create has no totals).
 */
export async function applyChanges(shop: string, admin: AdminClient, facts: readonly WebhookFacts[]): Promise<AppliedChanges> {
  const changes: AppliedChanges = { customersToRecompute: new Set(), ordersWritten: 0, ignored: 0, writtenOrders: [] };
  const orders = newestById(facts.filter((f): f is OrderFacts => f.kind === "order"));
  const customers = newestById([
    ...facts.filter((f): f is CustomerFacts => f.kind === "customer"),
    ...[...orders.values()].flatMap((o) => (o.customer ? [o.customer] : [])),
  ]);
  await applyCustomers(shop, customers, changes);
  const toReread = await applyOrders(shop, orders, changes, "newer");
  orders.tied.forEach((orderId) => toReread.add(orderId));
  // Orders whose payload lacks what a row needs: a refund's shop-currency amount, or the times of a
  // buyer we do not hold yet (map-webhook-payload.ts). Shopify's answer has both.
  const buyersHeld = await loadCustomerVersions(
    shop,
    [...orders.values()].flatMap((o) => (o.customerId && !o.customer ? [o.customerId] : [])),
  );
  for (const order of orders.values()) {
    if (order.refundsNeedReread || (order.customerId && !order.customer && !buyersHeld.has(order.customerId))) toReread.add(order.id);
  }

  const refundedOrders = new Map<string, Date>();
  for (const f of facts) {
    if (f.kind !== "refund") continue;
    const latest = refundedOrders.get(f.orderId);
    if (!latest || f.createdAt > latest) refundedOrders.set(f.orderId, f.createdAt);
  }
  const stored = await loadOrderVersions(shop, [...refundedOrders.keys()]);
  for (const [orderId, refundedAt] of refundedOrders) {
    const held = stored.get(orderId);
    if (!held || held.shopifyUpdatedAt <= refundedAt) toReread.add(orderId);
  }

  const reread = new Map<string, OrderFacts>();
  for (const orderId of toReread) {
    const { order } = await admin.request<OrderFactsByIdQuery>(OrderFactsById, { id: orderId });
    if (order) reread.set(orderId, await completeOrderFacts(admin, order));
  }
  if (reread.size > 0) {
    await applyCustomers(shop, newestById([...reread.values()].flatMap((o) => (o.customer ? [o.customer] : []))), changes);
    await applyOrders(shop, reread, changes, "as-read");
  }

  // Journeys keep their own rule (the most complete read wins: journey-record.ts), whatever the order's version.
  await saveOrderJourneys(
    shop,
    [...orders.values(), ...reread.values()].flatMap((o) =>
      o.journey ? [{ orderId: o.id, journey: o.journey, processedAt: o.processedAt }] : [],
    ),
  );

  for (const f of facts) {
    if (f.kind !== "customer-deleted") continue;
    await deleteCustomerRows(shop, f.id);
    changes.customersToRecompute.delete(f.id);
  }
  return changes;
}

/** The newest facts per resource; `tied`: resources with two different facts of the same newest time. */
function newestById<F extends { id: string; shopifyUpdatedAt: Date }>(facts: readonly F[]): Map<string, F> & { tied: Set<string> } {
  const newest = Object.assign(new Map<string, F>(), { tied: new Set<string>() });
  for (const f of facts) {
    const held = newest.get(f.id);
    const age = held ? f.shopifyUpdatedAt.getTime() - held.shopifyUpdatedAt.getTime() : 1;
    if (age > 0) {
      newest.set(f.id, f);
      newest.tied.delete(f.id);
    } else if (age === 0 && JSON.stringify(f) !== JSON.stringify(held)) {
      newest.tied.add(f.id);
    }
  }
  return newest;
}

async function applyCustomers(shop: string, customers: Map<string, CustomerTimes>, changes: AppliedChanges) {
  const stored = await loadCustomerVersions(shop, [...customers.keys()]);
  const newer = [];
  for (const customer of customers.values()) {
    const held = stored.get(customer.id);
    if (held && customer.shopifyUpdatedAt <= held) {
      changes.ignored += 1;
      continue;
    }
    newer.push(customer);
    // A customer new to us needs a first stage (and tag); a newer profile alone does not change one.
    if (!held) changes.customersToRecompute.add(customer.id);
  }
  await saveCustomerTimes(shop, newer, new Date());
}

function sameOrder(a: Omit<OrderRecord, "id">, b: Omit<OrderRecord, "id">): boolean {
  return (
    a.customerId === b.customerId &&
    a.processedAt.getTime() === b.processedAt.getTime() &&
    a.totalPrice === b.totalPrice &&
    a.totalRefunded === b.totalRefunded &&
    a.cancelled === b.cancelled &&
    a.test === b.test &&
    a.financialStatus === b.financialStatus &&
    (a.fulfilledAt?.getTime() ?? null) === (b.fulfilledAt?.getTime() ?? null)
  );
}

/**
 * "newer": payloads replace only older rows; ties that differ are returned for a re-read.
 * "as-read": what Shopify just answered replaces any row not newer than it.
 */
async function applyOrders(
  shop: string,
  orders: Map<string, OrderFacts>,
  changes: AppliedChanges,
  mode: "newer" | "as-read",
): Promise<Set<string>> {
  const ties = new Set<string>();
  const stored = await loadOrderVersions(shop, [...orders.keys()]);
  const writes = [];
  for (const order of orders.values()) {
    const held = stored.get(order.id);
    if (held) {
      const age = order.shopifyUpdatedAt.getTime() - held.shopifyUpdatedAt.getTime();
      const tie = age === 0 && !sameOrder(order, held);
      if (age < 0 || (age === 0 && !tie)) {
        changes.ignored += 1;
        continue;
      }
      if (tie && mode === "newer") {
        ties.add(order.id);
        continue;
      }
    }
    writes.push({ order, lines: order.lines });
    changes.writtenOrders.push(order);
    if (order.customerId) changes.customersToRecompute.add(order.customerId);
    if (held?.customerId && held.customerId !== order.customerId) changes.customersToRecompute.add(held.customerId);
  }
  await saveOrdersWithLines(shop, writes);
  changes.ordersWritten += writes.length;
  return ties;
}
