// The JSONL of BulkSubscriptionOrders (grouped: an order's line items right after its own line) into
// what detection needs: orders with a line on a selling plan or a renewal's source name, each customer's
// productSubscriberStatus, and the plans' names. Orders without either are dropped as they end, so
// memory holds only subscription orders.
import type { ProductSubscriberStatus, SubscriptionOrder } from "../domain/subscriptions/detect-subscriptions";
import { RENEWAL_SOURCE_NAME } from "../domain/subscriptions/detect-subscriptions";
import { ownString, parseJsonlLine, type JsonlLine } from "./jsonl";

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

// The file's two shapes of line as the query's fields order them, strings without escapes: read by a
// regular expression at a fifth of JSON.parse's cost (a large shop's file has over a million lines).
// Any other line (an escaped name, a null plan id) goes through JSON.parse, with the same result.
const STRING = '"([^"\\\\\\x00-\\x1f]*)"';
const NULLABLE = `(?:null|${STRING})`;
const ORDER_LINE = new RegExp(
  `^\\{"id":${STRING},"processedAt":${STRING},"cancelledAt":${NULLABLE},"sourceName":${NULLABLE},"customer":(?:null|\\{"id":${STRING},"productSubscriberStatus":${STRING}\\})\\}$`,
);
const ITEM_LINE = new RegExp(`^\\{"sellingPlan":(?:null|\\{"sellingPlanId":${STRING},"name":${STRING}\\}),"__parentId":${STRING}\\}$`);

export class SubscriptionOrdersReader {
  /** Status by customer, for customers with at least one subscription order. */
  readonly statuses = new Map<string, ProductSubscriberStatus>();
  readonly planNames = new Map<string, string>();
  private current: { order: OrderNode; plans: Set<string> } | null = null;
  /** Customer ids, plan ids and statuses, each kept once as a string of its own (they repeat). */
  private readonly kept = new Map<string, string>();
  read = 0;

  /** `onOrder` receives each subscription order once its line items are read; the reader keeps none. */
  constructor(private readonly onOrder: (order: SubscriptionOrder) => void) {}

  private keep(text: string): string {
    let own = this.kept.get(text);
    if (own === undefined) this.kept.set((own = ownString(text)), own);
    return own;
  }

  /** One line of the file, as text. */
  addLine(line: JsonlLine): void {
    const item = ITEM_LINE.exec(line.text);
    if (item) {
      this.addItem(item[3], item[1] === undefined ? null : { sellingPlanId: item[1], name: item[2] });
      return;
    }
    const order = ORDER_LINE.exec(line.text);
    if (order) {
      const [, id, processedAt, cancelledAt, sourceName, customerId, productSubscriberStatus] = order;
      this.addOrder({
        id,
        processedAt,
        cancelledAt: cancelledAt ?? null,
        sourceName: sourceName ?? null,
        customer: customerId === undefined ? null : { id: customerId, productSubscriberStatus },
      });
      return;
    }
    this.add(parseJsonlLine(line));
  }

  /** One line of the file, parsed. */
  add(record: Record<string, unknown>): void {
    if ("__parentId" in record) {
      const line = record as unknown as LineNode;
      this.addItem(line.__parentId, line.sellingPlan);
    } else {
      this.addOrder(record as unknown as OrderNode);
    }
  }

  private addItem(parentId: string, plan: LineNode["sellingPlan"]): void {
    if (!this.current || this.current.order.id !== parentId) {
      throw new Error(`Line item of ${parentId} is not right after its order: the read must group objects.`);
    }
    if (plan?.sellingPlanId) {
      const planId = this.keep(plan.sellingPlanId);
      this.current.plans.add(planId);
      if (this.planNames.get(planId) !== plan.name) this.planNames.set(planId, ownString(plan.name));
    }
  }

  private addOrder(order: OrderNode): void {
    this.endOrder();
    this.read++;
    this.current = { order, plans: new Set() };
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
    // Strings of their own: kept until detection, a capture of a line would keep its chunk (jsonl.ts).
    const customerId = this.keep(order.customer.id);
    this.onOrder({
      orderId: ownString(order.id),
      customerId,
      processedAt: new Date(order.processedAt),
      sellingPlanIds: [...plans].sort(),
      sourceName: order.sourceName === null ? null : this.keep(order.sourceName),
      cancelled: order.cancelledAt !== null,
    });
    const status = order.customer.productSubscriberStatus;
    if (STATUSES.has(status)) this.statuses.set(customerId, this.keep(status) as ProductSubscriberStatus);
  }
}
