/** Remix v2, classic compiler (the Shopify Remix template's). Server output is CommonJS: Node 20 refuses the
 * JSON imports of Shopify's packages as ESM without import attributes. */
// TSUNAGU_BUILD_DIR builds elsewhere than build/ (e.g. a second checkout's tests running beside this one).
const buildDir = process.env.TSUNAGU_BUILD_DIR || "build";

/** @type {import('@remix-run/dev').AppConfig} */
module.exports = {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "cjs",
  serverBuildPath: `${buildDir}/index.js`,
  assetsBuildDirectory: buildDir === "build" ? "public/build" : `${buildDir}/public/build`,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
