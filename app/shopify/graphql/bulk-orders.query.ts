// The bulk query for every order with what the domain needs: the qualifying-order facts (test,
// cancelled, financial status, total and refunded amounts — refunds are summed by totalRefundedSet, so
// the refunds themselves are not read), the first fulfilment (review requests) and the products bought
// (verified buyers). Line items come back as their own lines with `__parentId` = the order's id.
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
          lineItems {
            edges {
              node {
                id
                quantity
                product {
                  id
                }
              }
            }
          }
        }
      }
    }
  }
`;
