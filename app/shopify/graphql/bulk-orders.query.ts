// The bulk query for every order with what the domain needs: the qualifying-order facts (test,
// cancelled, financial status, total and refunded amounts — refunds are summed by totalRefundedSet, so
// the refunds themselves are not read), the first fulfilment (review requests) and the customer journey's
// channel inputs (order-journey.fragment.ts). One line per order: the products bought are read by
// BulkOrderLines (docs/decisions/016).
import { OrderJourneySummaryFragment } from "./order-journey.fragment";

export const BulkOrders = `#graphql
  {
    orders {
      edges {
        node {
          id
          processedAt
          updatedAt
          cancelledAt
          test
          displayFinancialStatus
          customer {
            id
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
          fulfillments {
            createdAt
            status
          }
          customerJourneySummary {
            ...OrderJourneySummary
          }
        }
      }
    }
  }
  ${OrderJourneySummaryFragment}
`;
