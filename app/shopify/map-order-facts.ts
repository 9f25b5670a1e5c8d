// An order read through the Admin GraphQL API -> the same OrderFacts a webhook carries, so webhooks
// and reconciliation apply changes through one path.
import type { OrderFacts, OrderLine } from "../domain/records";
import type { OrderFactsFragment } from "./graphql/generated/admin.generated";
import { journeyFromSummary } from "./map-journey";
import { mapOrder } from "./map-order";

/** `lines`: every product of the order, summed (its line items may span several pages). */
export function mapOrderFacts(node: OrderFactsFragment, lines: OrderLine[]): OrderFacts {
  return {
    kind: "order",
    ...mapOrder(node),
    customer: node.customer
      ? { id: node.customer.id, shopifyCreatedAt: new Date(node.customer.createdAt), shopifyUpdatedAt: new Date(node.customer.updatedAt) }
      : null,
    lines,
    journey: journeyFromSummary(node.customerJourneySummary),
  };
}
