// The bulk query for every order with what the domain needs: the qualifying-order facts (test,
// cancelled, financial status, total and refunded amounts — refunds are summed by totalRefundedSet, so
// the refunds themselves are not read) and the first fulfilment (review requests). One line per order:
// the products bought are read by BulkOrderLines, for recent orders only (docs/decisions/016).
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
        }
      }
    }
  }
`;
