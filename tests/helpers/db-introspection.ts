// The tables and columns of the test database, on SQLite or PostgreSQL: for tests that must cover
// every table, including tables added later (privacy scans, shop erasure, isolation).
import prisma from "../../app/db.server";
import { databaseDialect } from "../../app/db-dialect";

export interface TableColumns {
  table: string;
  columns: { name: string; text: boolean }[];
}

async function listTables(): Promise<TableColumns[]> {
  if (databaseDialect().name === "postgresql") {
    const rows = await prisma.$queryRaw<{ table_name: string; column_name: string; data_type: string }[]>`
      SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_prisma%' ORDER BY table_name, ordinal_position`;
    const byTable = new Map<string, TableColumns>();
    for (const row of rows) {
      const entry = byTable.get(row.table_name) ?? { table: row.table_name, columns: [] };
      entry.columns.push({ name: row.column_name, text: row.data_type === "text" });
      byTable.set(row.table_name, entry);
    }
    return [...byTable.values()];
  }
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma_%'`;
  const result: TableColumns[] = [];
  for (const { name } of tables) {
    const columns = await prisma.$queryRawUnsafe<{ name: string; type: string }[]>(`PRAGMA table_info("${name}")`);
    result.push({ table: name, columns: columns.map((c) => ({ name: c.name, text: c.type === "TEXT" })) });
  }
  return result;
}

/** How many rows of each table have a text column containing `needle` (tables with none omitted). */
export async function rowsMentioning(needle: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  const postgres = databaseDialect().name === "postgresql";
  for (const { table, columns } of await listTables()) {
    const text = columns.filter((c) => c.text).map((c) => `"${c.name}"`);
    if (text.length === 0) continue;
    // PostgreSQL reuses $1; SQLite's positional ? takes the needle once per column.
    const where = text.map((c) => (postgres ? `strpos(${c}, $1) > 0` : `instr(${c}, ?) > 0`)).join(" OR ");
    const args = postgres ? [needle] : text.map(() => needle);
    const [{ n }] = await prisma.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`, ...args);
    if (Number(n) > 0) found[table] = Number(n);
  }
  return found;
}

export type ShopRows = Record<string, string[]>;

const serialize = (row: Record<string, unknown>) =>
  JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value));

/**
 * Every row of the shop, per table with a `shop` column (tables added later included), each row as JSON,
 * sorted: the before/after picture that proves a request changed nothing of that shop.
 */
export async function shopRows(shop: string): Promise<ShopRows> {
  const placeholder = databaseDialect().name === "postgresql" ? "$1" : "?";
  const result: ShopRows = {};
  for (const { table, columns } of await listTables()) {
    if (!columns.some((c) => c.name === "shop")) continue;
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}" WHERE "shop" = ${placeholder}`, shop);
    if (rows.length > 0) result[table] = rows.map(serialize).sort();
  }
  return result;
}

/** How many rows of each table belong to the shop (tables with none omitted). */
export async function rowsOfShop(shop: string): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await shopRows(shop)).map(([table, rows]) => [table, rows.length]));
}
