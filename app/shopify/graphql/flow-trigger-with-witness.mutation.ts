// A Flow trigger told once, in one request: the trigger, then a witness on the customer (an app-owned
// metafield set to the key of what was sent). Mutation fields run in order, so a witness means Flow was
// told (app/shopify/flow-trigger-once.server.ts, docs/decisions/036).
export const FlowTriggerWithWitness = `#graphql
  mutation FlowTriggerWithWitness($handle: String!, $payload: JSON!, $witness: [MetafieldsSetInput!]!) {
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
