// A subscription transition told to Flow, in one request: the trigger, then a witness on the customer
// (app-owned metafield `$app:subscriptions.flow_transition` = the transition's id). Mutation fields run in
// order, so a witness means Flow was told (app/jobs/subscription-flow-triggers.server.ts, docs/decisions/036).
export const SubscriptionTransitionFire = `#graphql
  mutation SubscriptionTransitionFire($handle: String!, $payload: JSON!, $witness: [MetafieldsSetInput!]!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
    metafieldsSet(metafields: $witness) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;
