// Bulk row writes: multi-row INSERT … ON CONFLICT DO UPDATE (and deletes by key), a batch of them in
// one transaction, by the database's dialect (db-dialect.ts: SQLite's write worker, or PostgreSQL).
import prisma from "../db.server";
import { databaseDialect } from "../db-dialect";
import { isEmptyStep, type Column, type Table, type Value, type WriteStep } from "../db-write-steps";

export type { WriteStep } from "../db-write-steps";

/** The steps, in order, in one transaction: all of them are written or none. */
export async function writeRows(steps: readonly WriteStep[]): Promise<void> {
  const work = steps.filter((step) => !isEmptyStep(step));
  if (work.length === 0) return;
  await databaseDialect().writeRows(prisma, work);
}

export async function upsertRows<T extends Table>(
  table: T,
  keyColumns: readonly Column<T>[],
  columns: readonly Column<T>[],
  rows: readonly Value[][],
): Promise<void> {
  await writeRows([{ upsert: { table, keyColumns, columns, rows } } as WriteStep]);
}
