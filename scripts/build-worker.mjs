// The job worker bundled beside the server bundle: `npm run build` runs this after `remix build`.
// Written to build/ (or TSUNAGU_BUILD_DIR, as remix.config.js): worker.js, which `npm run worker` and the
// web process on SQLite start, and db-sqlite-write-worker.js, the thread that writes SQLite's bulk
// rows. Packages stay in node_modules (required at run time); only the app's own modules are bundled.
// Started from a bundle, the worker loads no TypeScript compiler: measured against tsx, about a third
// of the wall and CPU time to start and 60 MB less memory (docs/performance.md).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, stop } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILD_DIR = path.resolve(ROOT, process.env.TSUNAGU_BUILD_DIR || "build");

await build({
  absWorkingDir: ROOT,
  entryPoints: { worker: "app/worker.ts", "db-sqlite-write-worker": "app/db-sqlite-write-worker.ts" },
  outdir: BUILD_DIR,
  bundle: true,
  packages: "external",
  platform: "node",
  target: "node20",
  // CommonJS, as the server bundle (remix.config.js): Shopify's packages import JSON.
  format: "cjs",
  logLevel: "warning",
});
// esbuild's service process ends with this one, not when it notices its input closed.
await stop();
