// Tests run as the local test app unless a test names other credentials: app/shopify.server.ts builds
// the Shopify app from these when first imported, and jobs reach a shop's offline session through it.
import { TEST_APP } from "../helpers/test-app";

process.env.SHOPIFY_API_KEY ??= TEST_APP.apiKey;
process.env.SHOPIFY_API_SECRET ??= TEST_APP.apiSecret;
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:9";
