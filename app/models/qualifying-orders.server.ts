// Which orders count, in SQL over the "Order" table.
import { Prisma } from "@prisma/client";
import { NON_QUALIFYING_FINANCIAL_STATUSES } from "../domain/lifecycle";

// The same rule as app/domain/lifecycle.ts isQualifyingOrder, in SQL: not test, not cancelled, no
// non-qualifying financial status (refunded, voided, expired), not refunded in full.
// (NOT on the flags: SQLite stores booleans as 0/1, PostgreSQL as booleans.)
export const QUALIFYING_ORDER_SQL = Prisma.sql`NOT "test" AND NOT "cancelled"
  AND COALESCE(UPPER("financialStatus"), '') NOT IN (${Prisma.join(NON_QUALIFYING_FINANCIAL_STATUSES)})
  AND NOT ("totalPrice" > 0 AND "totalRefunded" >= "totalPrice")`;
