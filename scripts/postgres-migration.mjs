// Add the next PostgreSQL migration after a change to prisma/schema.prisma:
//   node scripts/postgres-migration.mjs <name>
// Regenerates prisma/postgres/schema.prisma, then writes the SQL that takes the committed PostgreSQL
// migrations to it (diffed on a throw-away cluster, as tests/schema checks it) into
// prisma/postgres/migrations/<timestamp>_<name>/migration.sql. Prints nothing new when there is no change.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startTestPostgres } from "../tests/setup/test-postgres.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: node scripts/postgres-migration.mjs <name in snake_case>");
  process.exit(2);
}
execFileSync(process.execPath, ["scripts/postgres-schema.mjs"], { stdio: "inherit" });
const postgres = await startTestPostgres();
if (!postgres) {
  console.error("No PostgreSQL server binaries (apt-get install postgresql).");
  process.exit(1);
}
try {
  const diff = spawnSync(
    process.execPath,
    [
      "node_modules/prisma/build/index.js",
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/postgres/migrations",
      "--to-schema-datamodel",
      "prisma/postgres/schema.prisma",
      "--script",
    ],
    { env: { ...process.env, DATABASE_URL: postgres.url }, encoding: "utf8" },
  );
  if (diff.status !== 0) throw new Error(diff.stderr || diff.stdout);
  const sql = diff.stdout.trim();
  if (!sql || sql === "-- This is an empty migration.") {
    console.log("prisma/postgres/migrations already build the schema: nothing to add.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma/postgres/migrations", `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    console.log(`wrote ${dir}/migration.sql`);
  }
} finally {
  await postgres.stop();
}
