// An order read through the Admin GraphQL API -> the same OrderFacts a webhook carries, so webhooks
// and reconciliation apply changes through one path.
import { mapOrder, type OrderNode } from "./map-order";
import type { OrderFacts } from "./map-webhook-payload";

export interface OrderFactsNode extends Omit<OrderNode, "customer"> {
  customer: { id: string; createdAt: string; updatedAt: string } | null;
  lineItems: { nodes: { id: string; quantity: number; product: { id: string } | null }[] };
}

export function mapOrderFacts(node: OrderFactsNode): OrderFacts {
  const order = mapOrder(node);
  const quantities = new Map<string, number>();
  for (const line of node.lineItems.nodes) {
    if (line.product) quantities.set(line.product.id, (quantities.get(line.product.id) ?? 0) + line.quantity);
  }
  return {
    kind: "order",
    id: order.id,
    customer: node.customer
      ? {
          kind: "customer",
          id: node.customer.id,
          createdAt: new Date(node.customer.createdAt).toISOString(),
          updatedAt: new Date(node.customer.updatedAt).toISOString(),
        }
      : null,
    processedAt: order.processedAt.toISOString(),
    updatedAt: order.shopifyUpdatedAt.toISOString(),
    totalPrice: order.totalPrice,
    totalRefunded: order.totalRefunded,
    cancelled: order.cancelled,
    test: order.test,
    financialStatus: order.financialStatus,
    fulfilledAt: order.fulfilledAt?.toISOString() ?? null,
    lines: [...quantities].map(([productId, quantity]) => ({ productId, quantity })),
  };
}
