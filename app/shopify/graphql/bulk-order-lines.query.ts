// The bulk query for the products bought in orders processed in [since, until): what the verified-buyer
// check, the review-request list and the data export need (docs/decisions/016, 017) — the backfill reads
// the window since ORDER_LINES_DAYS — and the older first and second orders (first-orders.server.ts).
// Read with groupObjects on, so each order's line items follow its own line: a batch that ends on an
// order's line holds whole orders, and replacing their stored products is exact and idempotent.
export function bulkOrderLinesQuery(range: { since?: Date; until?: Date }): string {
  // Bulk queries take no variables, so the window is written into the search string; the document
  // keeps one static shape (`query: ""` searches every order) for the codegen that types it.
  return `#graphql
  {
    orders(query: "${ordersProcessedSearch(range)}") {
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

/** The order search for the orders processed in [since, until) (either end open when absent). */
export function ordersProcessedSearch({ since, until }: { since?: Date; until?: Date }): string {
  return [since && `processed_at:>='${since.toISOString()}'`, until && `processed_at:<'${until.toISOString()}'`]
    .filter(Boolean)
    .join(" AND ");
}
