// The counts behind run-tests.mjs's summary line, written as JSON to the file in TSUNAGU_COUNTS_FILE.
// vitest reports a test whose setup failed (a beforeAll that threw, in its suite or its file) as
// skipped; here it counts as failed, and so does a file that failed to load (it has no tests).
// Only tests skipped on purpose (it.skip, describe.runIf(false), todo) count as skipped.
import fs from "node:fs";

/** Errors of the test's suites and file (their hooks), nearest first. */
function setupFailed(test) {
  for (let parent = test.parent; parent; parent = parent.type === "module" ? undefined : parent.parent) {
    if (parent.errors().length > 0) return true;
  }
  return false;
}

export default class CountReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { passed: 0, failed: 0, skipped: 0, setupFailed: [] };
    for (const module of testModules) {
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests += 1;
        const { state } = test.result();
        if (state === "passed") counts.passed += 1;
        else if (state === "failed") counts.failed += 1;
        else if (setupFailed(test)) {
          counts.failed += 1;
          counts.setupFailed.push(test.fullName);
        } else counts.skipped += 1;
      }
      if (tests === 0 && module.errors().length > 0) counts.failed += 1;
    }
    // An error thrown outside any test (e.g. a promise nobody awaited) fails the run too.
    counts.failed += unhandledErrors.length;
    fs.writeFileSync(process.env.TSUNAGU_COUNTS_FILE, JSON.stringify(counts));
  }
}
