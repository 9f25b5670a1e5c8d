// A stage change in one request: tagsAdd then tagsRemove (Shopify runs the mutations of a document in
// order, so the customer is never without a stage tag). Same cost as two requests, half the round trips.
export const CustomerTagsReplace = `#graphql
  mutation CustomerTagsReplace($id: ID!, $add: [String!]!, $remove: [String!]!) {
    tagsAdd(id: $id, tags: $add) {
      node {
        ... on Customer {
          updatedAt
        }
      }
      userErrors {
        field
        message
      }
    }
    tagsRemove(id: $id, tags: $remove) {
      node {
        ... on Customer {
          updatedAt
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;
