// Customers changed since a time (reconciliation). Only IDs, dates, tags (to find ours) and
// Shopify's RFM group: no names, e-mails, phones or addresses are requested.
export const CustomersUpdatedSince = `#graphql
  query CustomersUpdatedSince($first: Int!, $after: String, $query: String!) {
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
