// The JSONL of BulkSubscriptionOrders (grouped: an order's line items right after its own line) into
// what detection needs: orders with a line on a selling plan or a renewal's source name, each customer's
// productSubscriberStatus, and the plans' names. Orders without either are dropped as they end, so
// memory holds only subscription orders.
import type { ProductSubscriberStatus, SubscriptionOrder } from "../domain/subscriptions/detect-subscriptions";
import { RENEWAL_SOURCE_NAME } from "../domain/subscriptions/detect-subscriptions";

const STATUSES = new Set<string>(["ACTIVE", "PAUSED", "CANCELLED", "EXPIRED", "FAILED", "NEVER_SUBSCRIBED"]);

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
  private current: { order: OrderNode; plans: Set<string> } | null = null;
  read = 0;

  add(record: Record<string, unknown>): void {
    if ("__parentId" in record) {
      const line = record as unknown as LineNode;
      if (!this.current || this.current.order.id !== line.__parentId) {
        throw new Error(`Line item of ${line.__parentId} is not right after its order: the read must group objects.`);
      }
      const plan = line.sellingPlan;
      if (plan?.sellingPlanId) {
        this.current.plans.add(plan.sellingPlanId);
        this.planNames.set(plan.sellingPlanId, plan.name);
      }
      return;
    }
    this.endOrder();
    this.read++;
    this.current = { order: record as unknown as OrderNode, plans: new Set() };
  }

  /** Call after the last line. */
  finish(): this {
    this.endOrder();
    return this;
  }

  private endOrder(): void {
    const current = this.current;
    this.current = null;
    if (!current) return;
    const { order, plans } = current;
    if (!order.customer) return; // a guest order has no subscriber
    const renewal = order.sourceName === RENEWAL_SOURCE_NAME;
    if (plans.size === 0 && !renewal) return;
    this.orders.push({
      orderId: order.id,
      customerId: order.customer.id,
      processedAt: new Date(order.processedAt),
      sellingPlanIds: [...plans].sort(),
      sourceName: order.sourceName,
      cancelled: order.cancelledAt !== null,
    });
    const status = order.customer.productSubscriberStatus;
    if (STATUSES.has(status)) this.statuses.set(order.customer.id, status as ProductSubscriberStatus);
  }
}
