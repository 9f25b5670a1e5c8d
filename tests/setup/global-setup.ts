// Once per test run: a migrated SQLite database that every test file copies (tests/setup/test-database.ts).
// Each run has its own directory, so two runs at once (watch mode beside a full run) don't share files.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseDir: string;
  }
}

export default function setup(project: TestProject) {
  const dir = path.resolve(__dirname, `../.tmp/run-${process.pid}-${crypto.randomUUID().slice(0, 8)}`);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [path.resolve(__dirname, "../../node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: path.resolve(__dirname, "../.."),
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  project.provide("testDatabaseDir", dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
