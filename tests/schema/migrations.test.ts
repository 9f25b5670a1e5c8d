// One source of truth for the schema (prisma/schema.prisma); each database's committed migration
// history must build exactly that schema, or a deploy would leave production different from the code.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";

const REPO_ROOT = path.resolve(__dirname, "../..");
const PRISMA = path.join(REPO_ROOT, "node_modules/prisma/build/index.js");
const postgres = inject("postgres");

function migrationsDrift(databaseUrl: string, root: string) {
  return spawnSync(
    process.execPath,
    [
      PRISMA,
      "migrate",
      "diff",
      "--from-migrations",
      path.join(root, "migrations"),
      "--to-schema-datamodel",
      path.join(root, "schema.prisma"),
      "--exit-code",
    ],
    { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8", timeout: 120_000 },
  );
}

describe("schema and migrations", () => {
  it("the PostgreSQL schema is prisma/schema.prisma with only the datasource switched", () => {
    expect(() =>
      execFileSync(process.execPath, ["scripts/postgres-schema.mjs", "--check"], { cwd: REPO_ROOT, stdio: "pipe" }),
    ).not.toThrow();
  });

  it.runIf(!postgres)(
    "the SQLite migrations build exactly prisma/schema.prisma",
    () => {
      const result = migrationsDrift(process.env.DATABASE_URL!, "prisma");
      expect(result.stdout + result.stderr).toContain("No difference detected");
      expect(result.status).toBe(0);
    },
    120_000,
  );

  it.runIf(!!postgres)(
    "the PostgreSQL migrations build exactly prisma/postgres/schema.prisma",
    () => {
      const result = migrationsDrift(process.env.DATABASE_URL!, path.join("prisma", "postgres"));
      expect(result.stdout + result.stderr).toContain("No difference detected");
      expect(result.status).toBe(0);
    },
    120_000,
  );
});
