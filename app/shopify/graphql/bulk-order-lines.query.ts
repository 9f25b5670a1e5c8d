// The bulk query for every order with its line items (docs/decisions/048): one read that feeds the
// products kept by the backfill — the last ORDER_LINES_DAYS' orders for the verified-buyer check, the
// review-request list and the data export (docs/decisions/016, 017), and each customer's first and second
// qualifying orders over the whole history — and subscription detection (docs/decisions/032): the order's
// source name and its customer's productSubscriberStatus, the selling plan on each line. The order's
// qualifying facts (test, cancelled, financial status, total and refunded amounts) are read here as well
// as in BulkOrders: the files are read at once, and which orders are a customer's first two is decided
// as the lines arrive. first-orders.server.ts reads the same document for a window of dates.
// Read with groupObjects on, so each order's line items follow its own line: a batch that ends on an
// order's line holds whole orders, and replacing their stored products is exact and idempotent.
export function bulkOrderLinesQuery({ since, until }: { since?: Date; until?: Date } = {}): string {
  // Bulk queries take no variables, so a window is written into the search string; the document
  // keeps one static shape (`query: ""` searches every order).
  const search = [since && `processed_at:>='${since.toISOString()}'`, until && `processed_at:<'${until.toISOString()}'`]
    .filter(Boolean)
    .join(" AND ");
  return `#graphql
  {
    orders(query: "${search}") {
      edges {
        node {
          id
          processedAt
          cancelledAt
          test
          displayFinancialStatus
          sourceName
          customer {
            id
            productSubscriberStatus
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
          lineItems {
            edges {
              node {
                quantity
                product {
                  id
                }
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
}
