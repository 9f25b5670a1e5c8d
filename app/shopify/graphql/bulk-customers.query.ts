// The bulk query for every customer: what CustomersPage used to page through, without pagination
// arguments (a bulk query walks the whole connection). No names, e-mails, phones or addresses.
export const BulkCustomers = `#graphql
  {
    customers {
      edges {
        node {
          id
          createdAt
          updatedAt
          tags
          statistics {
            rfmGroup
          }
        }
      }
    }
  }
`;
