// Bulk row writes as data: what models ask the database to write in one transaction, with table and
// column names typed from the Prisma schema. The dialect (db-dialect.ts) runs them.
import type { Prisma } from "@prisma/client";

export type Value = string | number | boolean | Date | null;

export type Table = Prisma.ModelName;
/** A scalar column of the table, as the Prisma schema names it. */
export type Column<T extends Table> = keyof Prisma.TypeMap["model"][T]["payload"]["scalars"] & string;
type TableWithColumn<C extends string> = { [T in Table]: C extends Column<T> ? T : never }[Table];

export interface Upsert<T extends Table = Table> {
  table: T;
  keyColumns: readonly Column<T>[];
  columns: readonly Column<T>[];
  rows: readonly Value[][];
}

export type WriteStep =
  /** Insert the rows; a row whose key exists updates that row's other columns. */
  | { upsert: { [T in Table]: Upsert<T> }[Table] }
  /** Delete the shop's rows whose `column` is one of `values`. */
  | {
      delete: {
        [T in TableWithColumn<"shop">]: { table: T; shop: string; column: Column<T>; values: readonly string[] };
      }[TableWithColumn<"shop">];
    }
  /** Set columns of the row with this integer id (undefined values are left alone). */
  | {
      update: {
        [T in TableWithColumn<"id">]: { table: T; id: number; set: Partial<Record<Column<T>, Value | undefined>> };
      }[TableWithColumn<"id">];
    };

export const quoted = (name: string) => `"${name}"`;

/** An upsert's statement around its VALUES: `INSERT INTO … VALUES ` and ` ON CONFLICT (key) DO UPDATE SET …`. */
export function upsertSql(table: string, keyColumns: readonly string[], columns: readonly string[]): { head: string; tail: string } {
  const updates = columns
    .filter((column) => !keyColumns.includes(column))
    .map((column) => `${quoted(column)} = excluded.${quoted(column)}`)
    .join(", ");
  return {
    head: `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) VALUES `,
    tail: ` ON CONFLICT (${keyColumns.map(quoted).join(", ")}) DO ${updates ? `UPDATE SET ${updates}` : "NOTHING"}`,
  };
}

export function isEmptyStep(step: WriteStep): boolean {
  if ("upsert" in step) return step.upsert.rows.length === 0;
  if ("delete" in step) return step.delete.values.length === 0;
  return false;
}
