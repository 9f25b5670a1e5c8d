// A customer's witness of the last Flow trigger sent for them (flow-trigger-with-witness.mutation.ts).
export const CustomerWitness = `#graphql
  query CustomerWitness($customerId: ID!, $namespace: String!, $key: String!) {
    customer(id: $customerId) {
      metafield(namespace: $namespace, key: $key) {
        value
      }
    }
  }
`;
