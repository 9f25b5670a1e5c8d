// tagsRemove returning the customer's updatedAt (see customer-tags-add.mutation.ts).
export const CustomerTagsRemove = `#graphql
  mutation CustomerTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
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
