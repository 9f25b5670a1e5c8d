// What subscription detection needs from orders read in bulk (grouped: an order's line items right after
// its own line) — the backfill's order-lines file (docs/decisions/048) or BulkSubscriptionOrders (the
// daily refresh): orders with a line on a selling plan or a renewal's source name, each customer's
// productSubscriberStatus, and the plans' names. Orders without either are dropped as they end, so
// memory holds only subscription orders.
import type { ProductSubscriberStatus, SubscriptionOrder } from "../domain/subscriptions/detect-subscriptions";
import { RENEWAL_SOURCE_NAME } from "../domain/subscriptions/detect-subscriptions";

const STATUSES = new Set<string>(["ACTIVE", "PAUSED", "CANCELLED", "EXPIRED", "FAILED", "NEVER_SUBSCRIBED"]);

/** An order as detection reads it. */
export interface SubscriptionOrderStart {
  id: string;
  processedAt: Date;
  cancelled: boolean;
  sourceName: string | null;
  customerId: string | null;
  /** Customer.productSubscriberStatus; null for a guest. */
  subscriberStatus: string | null;
}

/** A line of BulkSubscriptionOrders' JSONL. */
interface OrderNode {
  id: string;
  processedAt: string;
  cancelledAt: string | null;
  sourceName: string | null;
  customer: { id: string; productSubscriberStatus: string } | null;
}
interface LineNode {
  sellingPlan: { sellingPlanId: string | null; name: string } | null;
  __parentId: string;
}

export class SubscriptionOrdersReader {
  readonly orders: SubscriptionOrder[] = [];
  /** Status by customer, for customers with at least one subscription order. */
  readonly statuses = new Map<string, ProductSubscriberStatus>();
  readonly planNames = new Map<string, string>();
  private current: { order: SubscriptionOrderStart; plans: Set<string> } | null = null;
  /** Subscription orders ended since the last takeEnded(), with their customers' statuses. */
  private ended: SubscriptionOrder[] = [];
  read = 0;

  /** A parsed line of BulkSubscriptionOrders. */
  add(record: Record<string, unknown>): void {
    if ("__parentId" in record) {
      const line = record as unknown as LineNode;
      const plan = line.sellingPlan;
      this.addLine(line.__parentId, plan?.sellingPlanId ? { id: plan.sellingPlanId, name: plan.name } : null);
      return;
    }
    const order = record as unknown as OrderNode;
    this.startOrder({
      id: order.id,
      processedAt: new Date(order.processedAt),
      cancelled: order.cancelledAt !== null,
      sourceName: order.sourceName,
      customerId: order.customer?.id ?? null,
      subscriberStatus: order.customer?.productSubscriberStatus ?? null,
    });
  }

  /** An order's own line: the previous order ends. */
  startOrder(order: SubscriptionOrderStart): void {
    this.endOrder();
    this.read++;
    this.current = { order, plans: new Set() };
  }

  /** A line item of the order started last, with its selling plan (null: none). */
  addLine(orderId: string, plan: { id: string; name: string } | null): void {
    if (!this.current || this.current.order.id !== orderId) {
      throw new Error(`Line item of ${orderId} is not right after its order: the read must group objects.`);
    }
    if (plan) {
      this.current.plans.add(plan.id);
      this.planNames.set(plan.id, plan.name);
    }
  }

  /** Call after the last line. */
  finish(): this {
    this.endOrder();
    return this;
  }

  /** The subscription orders ended since the last call (an order ends when the next one starts). */
  takeEnded(): SubscriptionOrder[] {
    const ended = this.ended;
    this.ended = [];
    return ended;
  }

  private endOrder(): void {
    const current = this.current;
    this.current = null;
    if (!current) return;
    const { order, plans } = current;
    if (!order.customerId) return; // a guest order has no subscriber
    const renewal = order.sourceName === RENEWAL_SOURCE_NAME;
    if (plans.size === 0 && !renewal) return;
    const subscriptionOrder: SubscriptionOrder = {
      orderId: order.id,
      customerId: order.customerId,
      processedAt: order.processedAt,
      sellingPlanIds: [...plans].sort(),
      sourceName: order.sourceName,
      cancelled: order.cancelled,
    };
    this.orders.push(subscriptionOrder);
    this.ended.push(subscriptionOrder);
    const status = order.subscriberStatus;
    if (status !== null && STATUSES.has(status)) this.statuses.set(order.customerId, status as ProductSubscriberStatus);
  }
}
