// Totals for the progress bar (Shopify counts exactly up to the limit; null lifts it), and how many orders
// lie before the backfill's order-lines window, counted only as far as it decides whether the first/second-
// order step reads them by id or in bulk (first-orders.server.ts).
export const RecordCounts = `#graphql
  query RecordCounts($ordersBeforeLines: String!, $ordersBeforeLinesLimit: Int!) {
    customersCount(limit: null) {
      count
    }
    ordersCount(limit: null) {
      count
    }
    ordersBeforeLines: ordersCount(query: $ordersBeforeLines, limit: $ordersBeforeLinesLimit) {
      count
    }
  }
`;
