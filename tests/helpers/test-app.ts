// The app's identity in local runs (tests, benchmarks, the demo): not real Shopify credentials.
export const TEST_APP = {
  apiKey: "tsunagu-local-api-key",
  apiSecret: "tsunagu-local-api-secret",
} as const;

/** The Shopify library answers bots 410 Gone; a merchant's browser is not one. */
export const BROWSER_HEADERS = {
  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
} as const;
