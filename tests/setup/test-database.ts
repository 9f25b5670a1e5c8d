// Every test file gets its own copy of the migrated database, so files run in parallel without
// sharing rows. DATABASE_URL is set before any app module (app/db.server.ts) is imported.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";

const postgres = inject("postgres");
if (postgres) {
  const database = `${postgres.template}_${crypto.randomUUID().slice(0, 8)}`;
  const client = new pg.Client({ connectionString: `${postgres.serverUrl.replace(/\/$/, "")}/postgres` });
  await client.connect();
  await client.query(`CREATE DATABASE "${database}" TEMPLATE "${postgres.template}"`);
  await client.end();
  process.env.DATABASE_URL = `${postgres.serverUrl.replace(/\/$/, "")}/${database}`;
} else {
  const dir = inject("testDatabaseDir");
  const copy = path.join(dir, `test-${process.pid}-${crypto.randomUUID()}.db`);
  fs.copyFileSync(path.join(dir, "template.db"), copy);
  process.env.DATABASE_URL = `file:${copy}`;
}
