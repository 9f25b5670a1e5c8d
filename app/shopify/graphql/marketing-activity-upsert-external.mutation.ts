// Each active scenario is an external marketing activity with its UTM, so Shopify attributes the
// sessions and orders of its links to it (marketingActivityCreateExternal is deprecated in 2026-10).
// An upsert removes optional fields left out: every call sends the UTM. Needs write_marketing_events.
export const MarketingActivityUpsertExternal = `#graphql
  mutation MarketingActivityUpsertExternal($input: MarketingActivityUpsertExternalInput!) {
    marketingActivityUpsertExternal(input: $input) {
      marketingActivity {
        id
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
