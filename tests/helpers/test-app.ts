// The app's identity in local runs (tests, benchmarks, the demo): not real Shopify credentials.
export const TEST_APP = {
  apiKey: "tsunagu-local-api-key",
  apiSecret: "tsunagu-local-api-secret",
} as const;
