// Every test file gets its own copy of the migrated database, so files run in parallel without
// sharing rows. DATABASE_URL is set before any app module (app/db.server.ts) is imported.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const template = path.resolve(__dirname, "../.tmp/template.db");
const copy = path.resolve(__dirname, `../.tmp/test-${process.pid}-${crypto.randomUUID()}.db`);
fs.copyFileSync(template, copy);
process.env.DATABASE_URL = `file:${copy}`;
