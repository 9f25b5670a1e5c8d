// tagsAdd that also returns the customer's updatedAt after the write: the customers/update webhook
// this write triggers carries the same time, which is how the echo is recognised and ignored.
export const CustomerTagsAdd = `#graphql
  mutation CustomerTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
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
