// Shopify's order and line item nodes -> the stored records (app/domain/records.ts).
import type { OrderRecord } from "../domain/records";
import type { OrderFactsFragment } from "./graphql/generated/admin.generated";

/**
 * An order node as the bulk orders query (BulkOrders) and the order facts fragment both select it: the
 * generated fragment type without what only the fragment reads (its line items arrive as separate
 * lines in bulk, the buyer's times are read by webhooks and reconciliation only).
 */
export type OrderNode = Omit<OrderFactsFragment, "lineItems" | "customer"> & { customer?: { id: string } | null };

/** A line item node (a child line of its order in the bulk order-lines file). */
export interface LineItemNode {
  quantity: number;
  /** null for custom items and deleted products. */
  product: { id: string } | null;
  __parentId: string;
}

// Fulfillments that did not ship anything do not make an order fulfilled.
const NOT_SHIPPED = new Set(["CANCELLED", "ERROR", "FAILURE"]);

function parseAmount(amount: string, field: string, id: string): number {
  const value = Number(amount);
  if (!Number.isFinite(value)) throw new Error(`Order ${id}: ${field} is not a decimal amount (${JSON.stringify(amount)})`);
  return value;
}

function firstFulfilledAt(fulfillments: OrderNode["fulfillments"]): Date | null {
  let first: number | null = null;
  for (const { createdAt, status } of fulfillments) {
    if (NOT_SHIPPED.has(status)) continue;
    const at = Date.parse(createdAt);
    if (first === null || at < first) first = at;
  }
  return first === null ? null : new Date(first);
}

export function mapOrder(node: OrderNode): OrderRecord {
  return {
    id: node.id,
    customerId: node.customer?.id ?? null,
    processedAt: new Date(node.processedAt),
    shopifyUpdatedAt: new Date(node.updatedAt),
    totalPrice: parseAmount(node.totalPriceSet.shopMoney.amount, "totalPriceSet", node.id),
    totalRefunded: parseAmount(node.totalRefundedSet.shopMoney.amount, "totalRefundedSet", node.id),
    cancelled: node.cancelledAt != null,
    test: node.test,
    financialStatus: node.displayFinancialStatus ?? null,
    fulfilledAt: firstFulfilledAt(node.fulfillments),
  };
}

/** A line item of a product, or null for a custom item (nothing a customer could review). */
export function mapLineItem(node: LineItemNode): { orderId: string; productId: string; quantity: number } | null {
  if (!node.product) return null;
  if (!Number.isInteger(node.quantity) || node.quantity < 0)
    throw new Error(`a line item of ${node.__parentId} with quantity ${JSON.stringify(node.quantity)}`);
  return { orderId: node.__parentId, productId: node.product.id, quantity: node.quantity };
}
