// Totals for the progress bar. Shopify counts exactly up to the limit; null lifts it.
export const RecordCounts = `#graphql
  query RecordCounts {
    customersCount(limit: null) {
      count
    }
    ordersCount(limit: null) {
      count
    }
  }
`;
