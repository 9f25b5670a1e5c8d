// Every row of a shop, in every table that has a `shop` column (tables added later included): the
// before/after picture that tests compare to prove a request changed nothing of that shop.
import prisma from "../../app/db.server";
import { databaseKind, databaseUrl } from "../../app/db-url";
import { listTables } from "./db-introspection";

export type ShopRows = Record<string, string[]>;

const serialize = (row: Record<string, unknown>) =>
  JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value));

/** The shop's rows per table, each row as JSON, sorted (so the order rows were read in does not matter). */
export async function shopRows(shop: string): Promise<ShopRows> {
  const placeholder = databaseKind(databaseUrl()) === "postgresql" ? "$1" : "?";
  const result: ShopRows = {};
  for (const { table, columns } of await listTables()) {
    if (!columns.some((c) => c.name === "shop")) continue;
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}" WHERE "shop" = ${placeholder}`, shop);
    if (rows.length > 0) result[table] = rows.map(serialize).sort();
  }
  return result;
}
