// An order read through the Admin GraphQL API -> the same OrderFacts a webhook carries, so webhooks
// and reconciliation apply changes through one path.
import type { OrderFactsFragment } from "./graphql/generated/admin.generated";
import { journeyFromSummary } from "./map-journey";
import { mapOrder } from "./map-order";
import type { OrderFacts } from "./map-webhook-payload";

/** `lines`: every product of the order, summed (its line items may span several pages). */
export function mapOrderFacts(node: OrderFactsFragment, lines: OrderFacts["lines"]): OrderFacts {
  const order = mapOrder(node);
  return {
    kind: "order",
    id: order.id,
    customerId: order.customerId,
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
    lines,
    journey: journeyFromSummary(node.customerJourneySummary),
  };
}
