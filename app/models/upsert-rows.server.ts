// Multi-row INSERT … ON CONFLICT DO UPDATE: one statement per batch instead of one per row, so a
// backfill of hundreds of thousands of rows stays fast. Values go through Prisma's parameter binding.
// On SQLite a batch travels as ONE parameter, a JSON array of rows unpacked by json_each: Prisma's
// per-parameter cost dominated (bench:backfill: ~2–3× more rows/s than one parameter per value).
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { databaseUrl } from "../db-url";

type Value = string | number | boolean | Date | null;

/** As Prisma stores them in SQLite: DateTime as "…T…+00:00" text, Boolean as 0/1. */
function sqliteJsonValue(value: Value): string | number | null {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

const SQLITE_ROWS_PER_STATEMENT = 20_000;

async function upsertRowsAsJson(table: string, keyColumns: readonly string[], columns: readonly string[], rows: readonly Value[][]) {
  const quoted = (name: string) => `"${name}"`;
  const updates = columns
    .filter((column) => !keyColumns.includes(column))
    .map((column) => `${quoted(column)} = excluded.${quoted(column)}`)
    .join(", ");
  // `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
  const sql =
    `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) ` +
    `SELECT ${columns.map((_, i) => `value ->> ${i}`).join(", ")} FROM json_each(?) WHERE true ` +
    `ON CONFLICT (${keyColumns.map(quoted).join(", ")}) DO UPDATE SET ${updates}`;
  for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + SQLITE_ROWS_PER_STATEMENT).map((row) => row.map(sqliteJsonValue));
    await prisma.$executeRawUnsafe(sql, JSON.stringify(batch));
  }
}

export async function upsertRows(
  table: string,
  keyColumns: readonly string[],
  columns: readonly string[],
  rows: readonly Value[][],
): Promise<void> {
  if (rows.length === 0) return;
  if (databaseUrl().startsWith("file:")) return upsertRowsAsJson(table, keyColumns, columns, rows);
  const quoted = (name: string) => `"${name}"`;
  const updates = columns
    .filter((column) => !keyColumns.includes(column))
    .map((column) => `${quoted(column)} = excluded.${quoted(column)}`)
    .join(", ");
  const head = Prisma.raw(`INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) VALUES `);
  const tail = Prisma.raw(` ON CONFLICT (${keyColumns.map(quoted).join(", ")}) DO UPDATE SET ${updates}`);
  // SQLite binds at most 32,766 parameters per statement.
  const rowsPerStatement = Math.max(1, Math.floor(30_000 / columns.length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const values = rows
      .slice(start, start + rowsPerStatement)
      .map((row) => Prisma.sql`(${Prisma.join(row)})`);
    await prisma.$executeRaw`${head}${Prisma.join(values)}${tail}`;
  }
}
