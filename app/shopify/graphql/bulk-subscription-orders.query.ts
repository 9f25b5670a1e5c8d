// The bulk query behind subscription detection (docs/decisions/032): every order's selling plans on its
// lines, its source name (renewals: "subscription_contract") and its customer's productSubscriberStatus.
// Read with groupObjects on, so an order's lines follow its own line. Ids, dates and statuses only.
export const BulkSubscriptionOrders = `#graphql
  {
    orders {
      edges {
        node {
          id
          processedAt
          cancelledAt
          sourceName
          customer {
            id
            productSubscriberStatus
          }
          lineItems {
            edges {
              node {
                sellingPlan {
                  sellingPlanId
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`;
