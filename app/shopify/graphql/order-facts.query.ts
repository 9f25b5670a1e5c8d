// The facts of orders the domain needs, read by id (a refund we have not seen) or by updated_at
// (reconciliation): the same fields the bulk backfill reads (the journey summary's too), with the first
// page of line items inline.
// An order with more (a wholesale order may have hundreds) reads the rest with OrderProductsPage
// (completeOrderFacts in order-products.server.ts). A fragment, not an interpolated field list, so code
// generation reads the whole document; each query carries it at its end.
import { OrderJourneySummaryFragment } from "./order-journey.fragment";

const OrderFactsFragment = `#graphql
  fragment OrderFacts on Order {
    id
    processedAt
    updatedAt
    cancelledAt
    test
    displayFinancialStatus
    customer {
      id
      createdAt
      updatedAt
    }
    totalPriceSet {
      shopMoney {
        amount
      }
    }
    totalRefundedSet {
      shopMoney {
        amount
      }
    }
    fulfillments(first: 10) {
      createdAt
      status
    }
    customerJourneySummary {
      ...OrderJourneySummary
    }
    lineItems(first: 50) {
      nodes {
        quantity
        product {
          id
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const OrderFactsById = `#graphql
  query OrderFactsById($id: ID!) {
    order(id: $id) {
      ...OrderFacts
    }
  }
  ${OrderFactsFragment}
  ${OrderJourneySummaryFragment}
`;

export const OrdersUpdatedSince = `#graphql
  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: ID) {
      nodes {
        ...OrderFacts
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${OrderFactsFragment}
  ${OrderJourneySummaryFragment}
`;
