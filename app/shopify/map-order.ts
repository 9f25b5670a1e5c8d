import type { OrderFact } from "../domain/types";

/**
 * An order node as the bulk orders query selects it (its line items arrive as separate lines); the
 * order facts queries' fragment (OrderFactsFragment, generated) is one too. Nullable fields are
 * optional, as the generated types declare them.
 */
export interface OrderNode {
  id: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt?: string | null;
  test: boolean;
  displayFinancialStatus?: string | null;
  customer?: { id: string } | null;
  totalPriceSet: { shopMoney: { amount: string } };
  totalRefundedSet: { shopMoney: { amount: string } };
  fulfillments: { createdAt: string; status: string }[];
}

/** A line item node (a child line of its order in the bulk order-lines file). */
export interface LineItemNode {
  quantity: number;
  /** null for custom items and deleted products. */
  product: { id: string } | null;
  __parentId: string;
}

export interface MappedOrder extends OrderFact {
  shopifyUpdatedAt: Date;
  /** When the order was first fulfilled; null while unfulfilled. */
  fulfilledAt: Date | null;
}

export interface MappedLineItem {
  orderId: string;
  productId: string;
  quantity: number;
}

/** The products one order bought, one entry per product with its quantities summed. */
export interface OrderProducts {
  orderId: string;
  lines: readonly { productId: string; quantity: number }[];
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

export function mapOrder(node: OrderNode): MappedOrder {
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
export function mapLineItem(node: LineItemNode): MappedLineItem | null {
  if (!node.product) return null;
  if (!Number.isInteger(node.quantity) || node.quantity < 0) throw new Error(`a line item of ${node.__parentId} with quantity ${JSON.stringify(node.quantity)}`);
  return { orderId: node.__parentId, productId: node.product.id, quantity: node.quantity };
}
