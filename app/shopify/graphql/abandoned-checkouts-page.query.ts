// Abandoned checkouts (Admin API 2024-10+, read_orders): ids, dates, the customer's id and the total.
// No address, e-mail or line item text is requested.
export const AbandonedCheckoutsPage = `#graphql
  query AbandonedCheckoutsPage($first: Int!, $after: String, $query: String) {
    abandonedCheckouts(first: $first, after: $after, query: $query, sortKey: ID) {
      nodes {
        id
        createdAt
        updatedAt
        completedAt
        customer {
          id
        }
        totalPriceSet {
          shopMoney {
            amount
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
