// A scenario step, in one request: the Flow trigger "Scenario step due", then a witness on the customer
// (app-owned metafield `scenario_<id>` = the step's idempotency key). Mutation fields run in order, so
// a witness means Flow was told: after a crash between this request and our mark, the witness says
// whether to send again (app/jobs/scenario-fire-steps.server.ts).
export const ScenarioStepFire = `#graphql
  mutation ScenarioStepFire($handle: String!, $payload: JSON!, $witness: [MetafieldsSetInput!]!) {
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
