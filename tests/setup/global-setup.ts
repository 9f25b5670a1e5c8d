// Once per test run: a migrated database that every test file copies (tests/setup/test-database.ts).
// SQLite by default; PostgreSQL when TSUNAGU_TEST_POSTGRES_URL names a server (postgresql://user@host:port).
// Each run has its own directory / template database, so two runs at once don't share anything.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseDir: string;
    /** PostgreSQL runs: the server URL and the template database every file clones. */
    postgres: { serverUrl: string; template: string } | null;
  }
}

const REPO_ROOT = path.resolve(__dirname, "../..");

function migrate(databaseUrl: string) {
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

async function withServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${serverUrl.replace(/\/$/, "")}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${crypto.randomUUID().slice(0, 8)}`;
  const dir = path.resolve(__dirname, `../.tmp/run-${runId}`);
  fs.mkdirSync(dir, { recursive: true });
  project.provide("testDatabaseDir", dir);

  const serverUrl = process.env.TSUNAGU_TEST_POSTGRES_URL;
  if (!serverUrl) {
    migrate(`file:${path.join(dir, "template.db")}`);
    project.provide("postgres", null);
    return () => fs.rmSync(dir, { recursive: true, force: true });
  }

  const template = `tsunagu_t_${runId}`;
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE "${template}"`));
  migrate(`${serverUrl.replace(/\/$/, "")}/${template}`);
  project.provide("postgres", { serverUrl, template });
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await withServer(serverUrl, async (client) => {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${template}%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    });
  };
}
