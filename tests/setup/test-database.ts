// Every test file gets its own copy of the migrated database, so files run in parallel without
// sharing rows. DATABASE_URL is set before any app module (app/db.server.ts) is imported.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";

const dir = inject("testDatabaseDir");
const copy = path.join(dir, `test-${process.pid}-${crypto.randomUUID()}.db`);
fs.copyFileSync(path.join(dir, "template.db"), copy);
process.env.DATABASE_URL = `file:${copy}`;
