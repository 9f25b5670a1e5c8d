// Only what the domain needs: IDs, dates, tags (to find ours) and Shopify's RFM group.
// No names, e-mails, phones or addresses are requested (protected customer data level 1).
export const CustomersPage = `#graphql
  query CustomersPage($first: Int!, $after: String, $query: String) {
    customers(first: $first, after: $after, query: $query, sortKey: ID) {
      nodes {
        id
        createdAt
        updatedAt
        tags
        statistics {
          rfmGroup
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
