// The bulk query for the products bought in orders processed on or after `since`: what the verified-
// buyer check, the review-request list and the data export need (docs/decisions/016, 017). Read with
// groupObjects on, so each order's line items follow its own line: a batch that ends on an order's
// line holds whole orders, and replacing their stored products is exact and idempotent.
export function bulkOrderLinesQuery(since: Date): string {
  return `#graphql
  {
    orders(query: "processed_at:>='${since.toISOString()}'") {
      edges {
        node {
          id
          lineItems {
            edges {
              node {
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
}
