// The summary line counts a test whose setup failed as failed (vitest reports it skipped), and a file
// that fails to load as one failure; only tests skipped on purpose stay skipped.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

const REPO_ROOT = path.resolve(__dirname, "../..");

const FILES: Record<string, string> = {
  "suite-setup-fails.test.ts": `import { beforeAll, describe, expect, it } from "vitest";
describe("a suite whose beforeAll throws", () => {
  beforeAll(() => { throw new Error("the emulator did not start"); });
  it("one", () => expect(1).toBe(1));
  it("two", () => expect(2).toBe(2));
});
describe.skip("skipped on purpose", () => { it("three", () => expect(3).toBe(3)); });
it.todo("four");
it("passes", () => expect(1).toBe(1));
it("fails", () => expect(1).toBe(2));`,
  "file-setup-fails.test.ts": `import { beforeAll, expect, it } from "vitest";
beforeAll(() => { throw new Error("no database"); });
it("five", () => expect(1).toBe(1));`,
  "does-not-load.test.ts": `import "./missing-module"; import { it } from "vitest"; it("six", () => {});`,
};

it("counts tests whose setup failed, and files that do not load, as failed", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "count-reporter-"));
  for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, "vitest.config.mjs"), `export default { test: { include: ["*.test.ts"] } };`);
  const countsFile = path.join(dir, "counts.json");
  spawnSync(
    process.execPath,
    [
      path.join(REPO_ROOT, "node_modules/vitest/vitest.mjs"),
      "run",
      "--root",
      dir,
      "--reporter",
      path.join(REPO_ROOT, "tests/setup/count-reporter.mjs"),
    ],
    { cwd: dir, env: { ...process.env, TSUNAGU_COUNTS_FILE: countsFile }, encoding: "utf8" },
  );
  const counts = JSON.parse(fs.readFileSync(countsFile, "utf8"));
  fs.rmSync(dir, { recursive: true, force: true });
  expect({ ...counts, setupFailed: counts.setupFailed.sort() }).toEqual({
    passed: 1,
    failed: 5, // "fails", "one" and "two" (suite setup), "five" (file setup), the file that does not load
    skipped: 2, // "three" and the todo
    setupFailed: ["a suite whose beforeAll throws > one", "a suite whose beforeAll throws > two", "five"],
  });
});
