// The Shopify CLI replaces the literal `process.env.APP_URL` with the app's URL when it bundles.
declare const process: { env: { APP_URL?: string } };
