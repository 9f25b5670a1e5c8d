// ShopifyQL through the Admin API (read_reports and Level 2 protected customer data; docs/touchpoints.md §7).
// Rows are objects keyed by column name; parse errors come back in the response, not as GraphQL errors.
export const ShopifyqlRun = `#graphql
  query ShopifyqlRun($query: String!) {
    shopifyqlQuery(query: $query) {
      parseErrors
      tableData {
        columns {
          name
          dataType
        }
        rows
      }
    }
  }
`;
