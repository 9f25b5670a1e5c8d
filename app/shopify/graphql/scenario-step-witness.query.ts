// The witness of a customer's last scenario step (scenario-step-fire.mutation.ts).
export const ScenarioStepWitness = `#graphql
  query ScenarioStepWitness($customerId: ID!, $key: String!) {
    customer(id: $customerId) {
      metafield(namespace: "$app:scenarios", key: $key) {
        value
      }
    }
  }
`;
