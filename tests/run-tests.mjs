// Runs the whole vitest suite and ends with the plain summary line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const report = "tests/.tmp/vitest-report.json";
fs.mkdirSync("tests/.tmp", { recursive: true });
fs.rmSync(report, { force: true });
const run = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
if (!fs.existsSync(report)) {
  console.log("0 passed, 1 failed");
  process.exit(run.status || 1);
}
const result = JSON.parse(fs.readFileSync(report, "utf8"));
// A file that fails to load has no tests but is a failure all the same.
const brokenFiles = result.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
const skipped = result.numPendingTests + result.numTodoTests;
console.log(`${result.numPassedTests} passed, ${result.numFailedTests + brokenFiles} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(run.status ?? 1);
