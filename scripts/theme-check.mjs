// Shopify's theme check on a theme app extension, offline (@shopify/theme-check-node):
//   node scripts/theme-check.mjs [extensions/tsunagu-theme]
// Prints each offense and exits 1 when there is any (the extension is kept at 0, warnings included).
import path from "node:path";
import { themeCheckRun } from "@shopify/theme-check-node";

const SEVERITY = ["error", "warning", "info"];
const root = path.resolve(process.argv[2] ?? "extensions/tsunagu-theme");
const { offenses } = await themeCheckRun(root, undefined, () => {});
for (const offense of offenses) {
  const file = path.relative(process.cwd(), new URL(offense.uri).pathname);
  console.log(`${SEVERITY[offense.severity] ?? offense.severity} ${offense.check} ${file}:${offense.start.line + 1} ${offense.message}`);
}
console.log(`${offenses.length} offense(s) in ${path.relative(process.cwd(), root) || "."}`);
process.exit(offenses.length > 0 ? 1 : 0);
