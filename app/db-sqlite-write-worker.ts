// The SQLite write worker: a thread with its own better-sqlite3 connection that runs batches of write
// steps, each in one transaction, with statements prepared once and many rows per statement. Dates
// become Prisma's SQLite DateTime text and booleans 0/1 here, off the main thread. Started by
// db-dialect.ts (sqliteWriter), which documents how it is loaded.
//
// In WAL (the app's journal, db-adapter.ts), synchronous=NORMAL as on the app's own connection: a
// commit is an append, not an fsync; a batch lost to a power cut is lost with its checkpoint, and read again.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { createSqliteDateTime } from "./db-sqlite-date-time";
import type { Value } from "./db-write-steps";

export interface WriteWorkerData {
  sqliteWriteWorker: true;
  file: string;
  busyTimeoutMs: number;
}

/** An upsert travels with its statement's head and tail (upsertSql, as for PostgreSQL). */
export type WorkerStep =
  | { upsert: { head: string; tail: string; columns: readonly string[]; rows: readonly Value[][] } }
  | { delete: { table: string; shop: string; column: string; values: readonly string[] } }
  | { update: { table: string; id: number; set: Record<string, Value | undefined> } };

export type WorkerRequest = { id: number; steps: WorkerStep[] };
export type WorkerReply = { id: number; error?: string };

const ROWS_PER_STATEMENT = 64;

function startWriteWorker(port: NonNullable<typeof parentPort>, { file, busyTimeoutMs }: WriteWorkerData): void {
  const db = new Database(file, { timeout: busyTimeoutMs });
  // SQLite's default page cache is 2 MB: Order's index by customer, written in random key order, then
  // rereads pages from disk. 16 MB, not more: the page cache counts in the backfill's peak RSS.
  db.pragma("cache_size = -16384");
  db.pragma("synchronous = NORMAL");

  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let s = prepared.get(sql);
    if (!s) prepared.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const sqliteDateTime = createSqliteDateTime();
  const value = (v: Value | undefined) => (v instanceof Date ? sqliteDateTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v);
  const q = (name: string) => `"${name}"`;

  function upsert({ head, tail, columns, rows }: Extract<WorkerStep, { upsert: unknown }>["upsert"]) {
    const tuple = `(${columns.map(() => "?").join(", ")})`;
    const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(30_000 / columns.length)));
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
  function remove({ table, shop, column, values }: Extract<WorkerStep, { delete: unknown }>["delete"]) {
    const s = statement(`DELETE FROM ${q(table)} WHERE "shop" = ? AND ${q(column)} = ?`);
    for (const v of values) s.run(shop, v);
  }
  function update({ table, id, set }: Extract<WorkerStep, { update: unknown }>["update"]) {
    const columns = Object.keys(set).filter((c) => set[c] !== undefined);
    if (columns.length === 0) return;
    statement(`UPDATE ${q(table)} SET ${columns.map((c) => `${q(c)} = ?`).join(", ")} WHERE "id" = ?`).run([
      ...columns.map((c) => value(set[c])),
      id,
    ]);
  }
  const write = db.transaction((steps: readonly WorkerStep[]) => {
    for (const step of steps) {
      if ("upsert" in step) upsert(step.upsert);
      else if ("delete" in step) remove(step.delete);
      else update(step.update);
    }
  });

  port.on("message", ({ id, steps }: WorkerRequest) => {
    try {
      write(steps);
      port.postMessage({ id } satisfies WorkerReply);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
    }
  });
}

// Only in the thread sqliteWriter starts (importing this file elsewhere starts nothing).
if (parentPort && (workerData as Partial<WriteWorkerData> | null)?.sqliteWriteWorker)
  startWriteWorker(parentPort, workerData as WriteWorkerData);
