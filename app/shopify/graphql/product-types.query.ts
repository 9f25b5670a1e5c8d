// The merchant's product type of products read by id (first and second orders' products: docs/touchpoints.md §1).
export const ProductTypes = `#graphql
  query ProductTypes($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        productType
      }
    }
  }
`;
