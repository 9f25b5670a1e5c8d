// The witness of the last subscription transition told to Flow for a customer (subscription-transition-fire.mutation.ts).
export const SubscriptionTransitionWitness = `#graphql
  query SubscriptionTransitionWitness($customerId: ID!) {
    customer(id: $customerId) {
      metafield(namespace: "$app:subscriptions", key: "flow_transition") {
        value
      }
    }
  }
`;
