// Runs the whole vitest suite on SQLite, then the integration suite again on PostgreSQL (when this
// machine has PostgreSQL: TSUNAGU_TEST_POSTGRES_URL, or Debian's server binaries, from which a
// throw-away cluster is started), and ends with the plain summary line CI reads: "N passed, N failed".
// A test whose setup (beforeAll) failed counts as failed, not skipped (tests/setup/count-reporter.mjs).
// The PostgreSQL pass runs tests/integration (which includes the pg-boss queue across worker
// processes) and tests/schema (the two migration histories in step). Other arguments go to vitest
// (e.g. a file filter) in both passes; `--no-postgres` skips PostgreSQL, `--no-sqlite` skips SQLite.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startTestPostgres } from "./setup/test-postgres.mjs";

const TMP = "tests/.tmp";
fs.mkdirSync(TMP, { recursive: true });
// `--postgres-integration` is what the PostgreSQL pass does by default now; still accepted.
const OUR_FLAGS = ["--no-postgres", "--no-sqlite", "--postgres-integration"];
const args = process.argv.slice(2).filter((arg) => !OUR_FLAGS.includes(arg));
const wantPostgres = !process.argv.includes("--no-postgres");
const POSTGRES_FILES = ["tests/integration", "tests/schema"];

function vitest(label, files, env) {
  const counts = path.join(TMP, `vitest-counts-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.json`);
  fs.rmSync(counts, { force: true });
  console.log(`\n=== ${label} ===`);
  const run = spawnSync(
    process.execPath,
    ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=./tests/setup/count-reporter.mjs", ...files],
    { stdio: "inherit", env: { ...process.env, ...env, TSUNAGU_COUNTS_FILE: counts } },
  );
  if (!fs.existsSync(counts)) return { passed: 0, failed: 1, skipped: 0, status: run.status || 1 };
  const { passed, failed, skipped, setupFailed } = JSON.parse(fs.readFileSync(counts, "utf8"));
  for (const name of setupFailed) console.log(`failed (its setup failed): ${name}`);
  return { passed, failed, skipped, status: run.status ?? 1 };
}

/** The Prisma client is generated for one provider at a time. */
function generateClient(schema) {
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "generate", `--schema=${schema}`], { stdio: "pipe" });
}

const results = process.argv.includes("--no-sqlite") ? [] : [vitest("SQLite: all tests", args, {})];

if (wantPostgres) {
  const postgres = await startTestPostgres();
  if (!postgres) {
    console.log("\nPostgreSQL is not installed here: the PostgreSQL pass is skipped.");
  } else {
    try {
      generateClient("prisma/postgres/schema.prisma");
      results.push(
        vitest("PostgreSQL: integration and schema", args.length ? args : POSTGRES_FILES, {
          TSUNAGU_TEST_POSTGRES_URL: postgres.url,
        }),
      );
    } finally {
      generateClient("prisma/schema.prisma");
      await postgres.stop();
    }
  }
}

const total = results.reduce(
  (sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }),
  {
    passed: 0,
    failed: 0,
    skipped: 0,
  },
);
// Skipped tests on a line of their own: the last line is exactly "N passed, N failed".
if (total.skipped) console.log(`${total.skipped} skipped`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(results.some((r) => r.status !== 0) || total.failed > 0 ? 1 : 0);
