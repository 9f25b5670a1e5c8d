// Once per test run: a migrated SQLite database that every test file copies (tests/setup/test-database.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const TEMPLATE_DATABASE = path.resolve(__dirname, "../.tmp/template.db");

function removeTestDatabases() {
  const dir = path.dirname(TEMPLATE_DATABASE);
  for (const file of fs.readdirSync(dir)) if (file.startsWith("test-")) fs.rmSync(path.join(dir, file), { force: true });
}

export default function setup() {
  fs.mkdirSync(path.dirname(TEMPLATE_DATABASE), { recursive: true });
  removeTestDatabases();
  fs.rmSync(TEMPLATE_DATABASE, { force: true });
  execFileSync(process.execPath, [path.resolve(__dirname, "../../node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: path.resolve(__dirname, "../.."),
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DATABASE}` },
    stdio: "pipe",
  });
  return removeTestDatabases;
}
