// Multi-row INSERT … ON CONFLICT DO UPDATE: one statement per batch instead of one per row, so a
// backfill of hundreds of thousands of rows stays fast. Values go through Prisma's parameter binding.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";

type Value = string | number | boolean | Date | null;

export async function upsertRows(
  table: string,
  keyColumns: readonly string[],
  columns: readonly string[],
  rows: readonly Value[][],
): Promise<void> {
  if (rows.length === 0) return;
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
