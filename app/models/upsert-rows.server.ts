// Bulk row writes: multi-row INSERT … ON CONFLICT DO UPDATE (and deletes by key), a batch of them in
// one transaction.
//
// SQLite: the statements run in a worker thread on its own better-sqlite3 connection, prepared once and
// reused, many rows per statement. Measured (docs/decisions/021): ~3–4× the rows/s of the same upserts
// through Prisma's raw queries, and the worker writes one batch while the main thread downloads and
// parses the next — the backfill uses both cores. The worker's code is a string (eval), so it runs
// the same from tsx, vitest and the Remix server bundle.
// PostgreSQL: Prisma raw multi-row statements, in an interactive transaction; the server writes while
// this process parses.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { databaseKind, databaseUrl, sqliteFilePath } from "../db-url";

export type Value = string | number | boolean | Date | null;

export type WriteStep =
  /** Insert the rows; a row whose key exists updates that row's other columns. */
  | { upsert: { table: string; keyColumns: readonly string[]; columns: readonly string[]; rows: readonly Value[][] } }
  /** Delete the shop's rows whose `column` is one of `values`. */
  | { delete: { table: string; shop: string; column: string; values: readonly string[] } }
  /** Set columns of the row with this integer id (undefined values are left alone). */
  | { update: { table: string; id: number; set: Record<string, Value | undefined> } };

const quoted = (name: string) => `"${name}"`;

function upsertSql(table: string, keyColumns: readonly string[], columns: readonly string[]) {
  const updates = columns
    .filter((column) => !keyColumns.includes(column))
    .map((column) => `${quoted(column)} = excluded.${quoted(column)}`)
    .join(", ");
  return {
    head: `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) VALUES `,
    tail: ` ON CONFLICT (${keyColumns.map(quoted).join(", ")}) DO ${updates ? `UPDATE SET ${updates}` : "NOTHING"}`,
  };
}

// ---------------------------------------------------------------------------------------------
// SQLite: the write worker

/**
 * The worker's `sqliteDateTime(date)`: Prisma's SQLite DateTime text of a Date
 * ("2026-01-02T03:04:05.678+00:00", toISOString's instant), the day's part cached — a large backfill
 * writes millions of dates over a few thousand days, and toISOString was ~15% of the worker's time.
 * Plain JavaScript (a string, like the worker's code), so tests run exactly what the worker runs.
 */
export const SQLITE_DATE_TIME_SOURCE = `
const sqliteDateTime = (() => {
  const DAY_MS = 86400000;
  const days = new Map();
  const two = (n) => (n < 10 ? "0" : "") + n;
  return (date) => {
    const ms = date.getTime();
    const day = Math.floor(ms / DAY_MS);
    let prefix = days.get(day);
    if (prefix === undefined) {
      const iso = date.toISOString(); // throws on an invalid date, as toISOString always did here
      prefix = iso.slice(0, iso.indexOf("T") + 1);
      if (days.size >= 100000) days.clear();
      days.set(day, prefix);
    }
    const inDay = ms - day * DAY_MS;
    const seconds = Math.floor(inDay / 1000);
    const milli = inDay % 1000;
    return prefix + two(Math.floor(seconds / 3600)) + ":" + two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60) +
      "." + (milli < 100 ? (milli < 10 ? "00" : "0") : "") + milli + "+00:00";
  };
})();
`;

// Plain JavaScript run by the worker. Dates become Prisma's SQLite DateTime text ("…T…+00:00") and
// booleans 0/1 here, off the main thread. In WAL (the app's journal, db-adapter.ts), synchronous=NORMAL
// as on the app's own connection: a commit is an append, not an fsync; a batch lost to a power cut is
// lost with its checkpoint, and read again.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
// SQLite's default page cache is 2 MB: Order's index by customer, written in random key order, then
// rereads pages from disk. 16 MB, not more: the page cache counts in the backfill's peak RSS.
db.pragma("cache_size = -16384");
db.pragma("synchronous = NORMAL");
const ROWS_PER_STATEMENT = 64;
const prepared = new Map();
const statement = (sql) => {
  let s = prepared.get(sql);
  if (!s) { s = db.prepare(sql); prepared.set(sql, s); }
  return s;
};
${SQLITE_DATE_TIME_SOURCE}
const value = (v) => v instanceof Date ? sqliteDateTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v;
const q = (name) => '"' + name + '"';
function upsert({ head, tail, columns, rows }) {
  const tuple = "(" + columns.map(() => "?").join(", ") + ")";
  const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(30000 / columns.length)));
  const many = statement(head + new Array(perStatement).fill(tuple).join(", ") + tail);
  const one = statement(head + tuple + tail);
  const n = columns.length;
  const args = new Array(perStatement * n);
  let r = 0;
  for (; r + perStatement <= rows.length; r += perStatement) {
    for (let k = 0; k < perStatement; k++) {
      const row = rows[r + k];
      for (let c = 0; c < n; c++) args[k * n + c] = value(row[c]);
    }
    many.run(args);
  }
  for (; r < rows.length; r++) one.run(rows[r].map(value));
}
function remove({ table, shop, column, values }) {
  const s = statement("DELETE FROM " + q(table) + ' WHERE "shop" = ? AND ' + q(column) + " = ?");
  for (const v of values) s.run(shop, v);
}
function update({ table, id, set }) {
  const columns = Object.keys(set).filter((c) => set[c] !== undefined);
  if (columns.length === 0) return;
  statement("UPDATE " + q(table) + " SET " + columns.map((c) => q(c) + " = ?").join(", ") + ' WHERE "id" = ?')
    .run([...columns.map((c) => value(set[c])), id]);
}
const write = db.transaction((steps) => {
  for (const step of steps) step.upsert ? upsert(step.upsert) : step.delete ? remove(step.delete) : update(step.update);
});
parentPort.on("message", ({ id, steps }) => {
  try {
    write(steps);
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface SqliteWriter {
  file: string;
  write(steps: readonly WriteStep[]): Promise<void>;
}

let sqliteWriter: SqliteWriter | undefined;

function writerFor(file: string): SqliteWriter {
  if (sqliteWriter?.file === file) return sqliteWriter;
  const driverPath = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driverPath, busyTimeoutMs: 30_000 } });
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    if (sqliteWriter === writer) sqliteWriter = undefined;
  };
  worker.on("message", ({ id, error }: { id: number; error?: string }) => {
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
        // Upserts travel with their statement's head and tail (built by upsertSql, as for PostgreSQL).
        worker.postMessage({
          id,
          steps: steps.map((step) => ("upsert" in step ? { upsert: { ...step.upsert, ...upsertSql(step.upsert.table, step.upsert.keyColumns, step.upsert.columns) } } : step)),
        });
      }),
  };
  sqliteWriter = writer;
  return writer;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

async function runOnPostgres(tx: Prisma.TransactionClient, step: WriteStep): Promise<void> {
  if ("update" in step) {
    const { table, id, set } = step.update;
    const columns = Object.keys(set).filter((column) => set[column] !== undefined);
    if (columns.length === 0) return;
    await tx.$executeRawUnsafe(
      `UPDATE ${quoted(table)} SET ${columns.map((column, i) => `${quoted(column)} = $${i + 1}`).join(", ")} WHERE "id" = $${columns.length + 1}`,
      ...columns.map((column) => set[column]),
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
    const values = rows.slice(start, start + rowsPerStatement).map((row) => Prisma.sql`(${Prisma.join(row)})`);
    await tx.$executeRaw`${Prisma.raw(head)}${Prisma.join(values)}${Prisma.raw(tail)}`;
  }
}

// ---------------------------------------------------------------------------------------------

function isEmpty(step: WriteStep): boolean {
  if ("upsert" in step) return step.upsert.rows.length === 0;
  if ("delete" in step) return step.delete.values.length === 0;
  return false;
}

/** The steps, in order, in one transaction: all of them are written or none. */
export async function writeRows(steps: readonly WriteStep[]): Promise<void> {
  const work = steps.filter((step) => !isEmpty(step));
  if (work.length === 0) return;
  const url = databaseUrl();
  if (databaseKind(url) === "sqlite") return writerFor(sqliteFilePath(url)).write(work);
  if (work.length === 1) return runOnPostgres(prisma, work[0]);
  await prisma.$transaction(async (tx) => {
    for (const step of work) await runOnPostgres(tx, step);
  });
}

export async function upsertRows(
  table: string,
  keyColumns: readonly string[],
  columns: readonly string[],
  rows: readonly Value[][],
): Promise<void> {
  await writeRows([{ upsert: { table, keyColumns, columns, rows } }]);
}
