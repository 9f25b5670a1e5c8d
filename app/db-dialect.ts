// Every difference between SQLite (the embedded default, `file:`) and PostgreSQL (`postgres://`, for many
// shops and processes), in one place: the Prisma driver adapter and schema, who runs the jobs, bulk
// writes, JSON rows as a table, and listing tables by column. Everything else speaks SQL both understand.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
// Statements are built with Prisma's own sql tag and handed whole to $queryRaw/$executeRaw (not from
// @prisma/client itself: prisma.config.ts imports this module before the client is generated).
import { join, raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import type { PrismaClient, Prisma } from "@prisma/client";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { postgresAdapterFactory, sqliteAdapterFactory, type AdapterOptions } from "./db-adapter";
import { databaseUrl } from "./db-url";
import { createSqliteDateTime } from "./db-sqlite-date-time";
import type { WorkerReply, WorkerRequest, WorkerStep, WriteWorkerData } from "./db-sqlite-write-worker";
import { quoted, upsertSql, type Value, type WriteStep } from "./db-write-steps";

/** The type of a column of updateFromRecords' records. */
export type RecordsetType = "text" | "integer" | "double" | "timestamp" | "boolean";

/** Many rows of a shop updated by one statement, each from its record (matched on `key`). */
export interface RecordsUpdate {
  table: string;
  shop: string;
  key: string;
  records: readonly Record<string, Value>[];
  /** every column of the records, the key included, with its type */
  columns: Record<string, RecordsetType>;
}

export interface Dialect {
  readonly name: "sqlite" | "postgresql";
  /** Where the Prisma schema and its migrations are. */
  readonly prismaSchemaDir: string;
  /** Who runs background jobs: this process (SQLite: one process owns the file) or pg-boss workers. */
  readonly jobQueue: "in-process" | "pg-boss";
  adapterFactory(options?: AdapterOptions): SqlMigrationAwareDriverAdapterFactory;
  /** The steps, in order, in one transaction: all of them are written or none. */
  writeRows(db: PrismaClient, steps: readonly WriteStep[]): Promise<void>;
  /** One UPDATE … FROM the records as a table (SQLite json_each, PostgreSQL json_to_recordset). */
  updateFromRecords(update: RecordsUpdate): Sql;
  /**
   * The records as a table `v` for a FROM clause, from one JSON parameter (SQLite json_each, PostgreSQL
   * json_to_recordset): thousands of rows without thousands of bound parameters for Prisma to compile.
   */
  recordsTable(records: readonly Record<string, Value>[], columns: Record<string, RecordsetType>): Sql;
  /** A query of the tables (`"table"`) that have this column, Prisma's own tables left out. */
  tablesWithColumn(column: string): Sql;
  /**
   * An INSERT (without RETURNING) as a query that returns one row `{key}` per row inserted, telling
   * the processes that listen on `channel` (see `listen`) each row's `key` in the same statement —
   * on PostgreSQL by NOTIFY. SQLite has no such channel: the caller tells the worker itself.
   */
  insertAndNotify(insert: Sql, key: string, channel: string): Sql;
  /** Whether insertAndNotify reaches the listeners (PostgreSQL) or only returns the rows (SQLite). */
  readonly notifies: boolean;
  /** Hear what insertAndNotify sends on `channel`, from any process; resolves once listening. */
  listen(channel: string, onKey: (key: string) => void): Promise<{ close(): Promise<void> }>;
  /**
   * SQLite: the file beside the database where web processes append the webhook deliveries they
   * accept, so that their one write never waits for the database's single write lock (webhook-event.server.ts).
   * Null on PostgreSQL, whose INSERT waits for no other shop's writes.
   */
  readonly webhookInboxFile: string | null;
}

/**
 * A DATETIME read by a raw query, as each database hands it back: a Date for a typed column; for an
 * aggregate such as MIN() that keeps no column type, SQLite's stored form (ISO text, or epoch
 * milliseconds in rows written that way) or PostgreSQL's timestamp without zone (UTC).
 */
export function rawDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  if (typeof value === "number" || typeof value === "bigint" || /^\d+$/.test(text)) return new Date(Number(text));
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
}

export function dialectOf(url: string): Dialect {
  if (url.startsWith("file:")) return sqliteDialect(sqliteFilePath(url));
  if (/^postgres(ql)?:\/\//.test(url)) return postgresDialect(url);
  throw new Error(`DATABASE_URL must be file:… (SQLite) or postgresql://… (got ${url.split(":")[0]}:…)`);
}

/** The dialect of DATABASE_URL. */
export function databaseDialect(): Dialect {
  return dialectOf(databaseUrl());
}

/** `file:./prisma/dev.db` → an absolute path, resolved from the project root (the working directory). */
function sqliteFilePath(url: string): string {
  const file = url.slice("file:".length);
  return file === ":memory:" ? file : path.resolve(file);
}

/** The UPDATE both dialects run, around their table of records `v`. */
function updateFrom({ table, shop, key, columns }: RecordsUpdate, records: Sql): Sql {
  const set = Object.keys(columns)
    .filter((c) => c !== key)
    .map((c) => `${quoted(c)} = v.${quoted(c)}`);
  return sql`UPDATE ${raw(quoted(table))} SET ${raw(set.join(", "))} FROM ${records}
    WHERE ${raw(quoted(table))}."shop" = ${shop} AND ${raw(quoted(table))}.${raw(quoted(key))} = v.${raw(quoted(key))}`;
}

// ---------------------------------------------------------------------------------------------
// SQLite

function sqliteDialect(file: string): Dialect {
  const sqliteDateTime = createSqliteDateTime();
  const jsonValue = (v: Value) => (v instanceof Date ? sqliteDateTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v);
  // Each record as a JSON array in the columns' order (smaller than objects, and fewer objects to build).
  const recordsTable: Dialect["recordsTable"] = (records, columns) => {
    const names = Object.keys(columns);
    const json = JSON.stringify(records.map((record) => names.map((c) => jsonValue(record[c]))));
    const selected = names.map((c, i) => `value ->> ${i} AS ${quoted(c)}`);
    return sql`(SELECT ${raw(selected.join(", "))} FROM json_each(${json})) AS v`;
  };
  return {
    name: "sqlite",
    prismaSchemaDir: "prisma",
    jobQueue: "in-process",
    adapterFactory: (options) => sqliteAdapterFactory(file, options),
    writeRows: (_db, steps) => sqliteWriter(file).write(steps),
    updateFromRecords: (update) => updateFrom(update, recordsTable(update.records, update.columns)),
    recordsTable,
    insertAndNotify: (insert, key) => sql`${insert} RETURNING ${raw(quoted(key))} AS "key"`,
    notifies: false,
    webhookInboxFile: file === ":memory:" ? file : `${file}-webhook-inbox`,
    listen: () => Promise.reject(new Error("SQLite has no notification channel: a web process tells its worker itself")),
    tablesWithColumn: (column) => sql`
      SELECT m.name AS "table" FROM sqlite_master AS m, pragma_table_info(m.name) AS c
       WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_prisma_%' AND c.name = ${column}
       ORDER BY m.name`,
  };
}

/**
 * Bulk writes on SQLite run in a worker thread (db-sqlite-write-worker.ts) on its own better-sqlite3
 * connection, statements prepared once and reused, many rows per statement. Measured (docs/decisions/021):
 * ~3–4× the rows/s of the same upserts through Prisma's raw queries, and the worker writes one batch
 * while the main thread downloads and parses the next — the backfill uses both cores.
 *
 * The thread's file sits beside this module: in a bundle (build/worker.js, build/index.js) the bundled
 * build/db-sqlite-write-worker.js that `npm run build` writes beside them; run from source (vitest, tsx)
 * db-sqlite-write-worker.ts, which a two-line bootstrap requires through tsx in the thread.
 */
interface SqliteWriter {
  file: string;
  write(steps: readonly WriteStep[]): Promise<void>;
}

const TSX_BOOTSTRAP = `const { workerData } = require("node:worker_threads"); require(workerData.tsx).register(); require(workerData.entry);`;
let openWriter: SqliteWriter | undefined;

function startWriteWorker(workerData: WriteWorkerData): Worker {
  if (!__filename.endsWith(".ts")) return new Worker(path.join(__dirname, "db-sqlite-write-worker.js"), { workerData });
  const tsx = createRequire(__filename).resolve("tsx/cjs/api");
  const entry = path.join(__dirname, "db-sqlite-write-worker.ts");
  return new Worker(TSX_BOOTSTRAP, { eval: true, workerData: { ...workerData, tsx, entry } });
}

function sqliteWriter(file: string): SqliteWriter {
  if (openWriter?.file === file) return openWriter;
  const worker = startWriteWorker({ sqliteWriteWorker: true, file, busyTimeoutMs: 30_000 });
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    if (openWriter === writer) openWriter = undefined;
  };
  worker.on("message", ({ id, error }: WorkerReply) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    if (error) waiter?.reject(new Error(`SQLite write failed: ${error}`));
    else waiter?.resolve();
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`SQLite write worker exited (${code})`)));
  const writer: SqliteWriter = {
    file,
    write: (steps) =>
      new Promise<void>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // Keep the process alive while a write is under way (and only then).
        worker.ref();
        const workerSteps = steps.map((step): WorkerStep => {
          if (!("upsert" in step)) return step as WorkerStep;
          const { table, keyColumns, columns, rows } = step.upsert;
          return { upsert: { ...upsertSql(table, keyColumns, columns), columns, rows } };
        });
        worker.postMessage({ id, steps: workerSteps } satisfies WorkerRequest);
      }),
  };
  openWriter = writer;
  return writer;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const POSTGRES_TYPES: Record<RecordsetType, string> = {
  text: "text",
  integer: "integer",
  double: "double precision",
  boolean: "boolean",
  timestamp: "timestamp(3)",
};

function postgresDialect(url: string): Dialect {
  const recordsTable: Dialect["recordsTable"] = (records, columns) => {
    const json = JSON.stringify(records.map((record) => Object.fromEntries(Object.keys(columns).map((c) => [c, record[c] ?? null]))));
    const declared = Object.entries(columns).map(([c, type]) => `${quoted(c)} ${POSTGRES_TYPES[type]}`);
    return sql`json_to_recordset(${json}::json) AS v(${raw(declared.join(", "))})`;
  };
  return {
    name: "postgresql",
    prismaSchemaDir: path.join("prisma", "postgres"),
    jobQueue: "pg-boss",
    adapterFactory: (options) => postgresAdapterFactory(url, options?.maxConnections ?? 10),
    // Prisma raw multi-row statements in an interactive transaction: the server writes while this process parses.
    async writeRows(db, steps) {
      if (steps.length === 1) return writeOnPostgres(db, steps[0]);
      await db.$transaction(async (tx) => {
        for (const step of steps) await writeOnPostgres(tx, step);
      });
    },
    updateFromRecords: (update) => updateFrom(update, recordsTable(update.records, update.columns)),
    recordsTable,
    insertAndNotify: (insert, key, channel) =>
      sql`WITH inserted AS (${insert} RETURNING ${raw(quoted(key))} AS "key") SELECT "key", pg_notify(${channel}, "key")::text AS "notified" FROM inserted`,
    notifies: true,
    webhookInboxFile: null,
    listen: (channel, onKey) => listenOnPostgres(url, channel, onKey),
    tablesWithColumn: (column) => sql`
      SELECT table_name AS "table" FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = ${column} AND table_name NOT LIKE '\\_prisma%'
       ORDER BY table_name`,
  };
}

/**
 * LISTEN on a connection of its own. A notification sent while no process listens is gone, so what is
 * sent this way must also be found in the database (as webhook events are, by the worker's start).
 * A lost connection is opened again after a second.
 */
async function listenOnPostgres(url: string, channel: string, onKey: (key: string) => void): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    const current = new pg.Client({ connectionString: url });
    client = current;
    current.on("notification", (message) => {
      if (message.channel === channel && message.payload) onKey(message.payload);
    });
    current.on("error", (error) => {
      console.error(`[tsunagu] LISTEN ${channel}: ${error.message}; listening again in 1 s`);
      void current.end().catch(() => {});
      if (!closed && client === current) setTimeout(() => void connect().catch(() => {}), 1_000).unref();
    });
    await current.connect();
    await current.query(`LISTEN ${quoted(channel)}`);
  };
  await connect();
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}

async function writeOnPostgres(tx: Prisma.TransactionClient, step: WriteStep): Promise<void> {
  if ("update" in step) {
    const { table, id, set } = step.update;
    const entries = Object.entries(set as Record<string, Value | undefined>).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    await tx.$executeRawUnsafe(
      `UPDATE ${quoted(table)} SET ${entries.map(([column], i) => `${quoted(column)} = $${i + 1}`).join(", ")} WHERE "id" = $${entries.length + 1}`,
      ...entries.map(([, value]) => value),
      id,
    );
    return;
  }
  if ("delete" in step) {
    const { table, shop, column, values } = step.delete;
    for (let start = 0; start < values.length; start += 10_000) {
      await tx.$executeRawUnsafe(
        `DELETE FROM ${quoted(table)} WHERE "shop" = $1 AND ${quoted(column)} = ANY($2)`,
        shop,
        values.slice(start, start + 10_000),
      );
    }
    return;
  }
  const { table, keyColumns, columns, rows } = step.upsert;
  const { head, tail } = upsertSql(table, keyColumns, columns);
  const rowsPerStatement = Math.max(1, Math.floor(30_000 / columns.length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const values = rows.slice(start, start + rowsPerStatement).map((row) => sql`(${join(row)})`);
    await tx.$executeRaw`${raw(head)}${join(values)}${raw(tail)}`;
  }
}
