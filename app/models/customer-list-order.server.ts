// A customer list's order and search (app/domain/customer-list-view.ts) as Prisma reads them: a
// segment's list pages by keyset over the sort column and the id, rows without a value last.
import type { Prisma } from "@prisma/client";
import {
  CUSTOMER_GID,
  SORT_COLUMN,
  type CustomerListView,
  type SortableColumns,
  type SortColumn,
  type SortDirection,
} from "../domain/customer-list-view";

const NULLABLE: ReadonlySet<SortColumn> = new Set(["lastOrderAt", "predictedClv12m"]);

/** The rows a search keeps: ids that start with the GID prefix of the digits. */
export function searchWhere(view: CustomerListView): Prisma.CustomerWhereInput {
  return view.idPrefix === null ? {} : { id: { startsWith: `${CUSTOMER_GID}${view.idPrefix}` } };
}

function orderFor(column: SortColumn, direction: SortDirection, nulls: "first" | "last"): Prisma.CustomerOrderByWithRelationInput {
  return (
    NULLABLE.has(column) ? { [column]: { sort: direction, nulls } } : { [column]: direction }
  ) as Prisma.CustomerOrderByWithRelationInput;
}

/** The list's order, then id ascending; reversed for reading the page before a cursor. */
export function orderByOf(view: CustomerListView, reversed = false): Prisma.CustomerOrderByWithRelationInput[] {
  const column = SORT_COLUMN[view.sort];
  if (!reversed) return [orderFor(column, view.direction, "last"), { id: "asc" }];
  return [orderFor(column, view.direction === "desc" ? "asc" : "desc", "first"), { id: "desc" }];
}

type CursorValue = number | Date | null;

/** A row's place in the list, as a URL parameter: its sort value ("" when it has none) and id. */
export function cursorOf(view: CustomerListView, row: SortableColumns): string {
  const value = row[SORT_COLUMN[view.sort]];
  return `${value === null ? "" : value instanceof Date ? value.getTime() : value}~${row.id}`;
}

/** The cursor's value and id; null when malformed. */
export function parseCursor(view: CustomerListView, cursor: string): { value: CursorValue; id: string } | null {
  const at = cursor.indexOf("~");
  if (at < 0 || at === cursor.length - 1) return null;
  const text = cursor.slice(0, at);
  const id = cursor.slice(at + 1);
  const column = SORT_COLUMN[view.sort];
  if (text === "") return NULLABLE.has(column) ? { value: null, id } : null;
  const number = Number(text);
  if (!Number.isFinite(number)) return null;
  return { value: column === "lastOrderAt" ? new Date(number) : number, id };
}

/**
 * The rows after (or before) a cursor in the list's order: with a value, those further along the
 * column, then equal values by id, then (going forward) the rows without a value; from a row without
 * a value, the others without one by id (or, going back, every row with a value).
 */
export function keysetWhere(
  view: CustomerListView,
  cursor: { value: CursorValue; id: string },
  forward: boolean,
): Prisma.CustomerWhereInput {
  const column = SORT_COLUMN[view.sort];
  const further = (view.direction === "desc") === forward ? "lt" : "gt";
  const idFurther = forward ? "gt" : "lt";
  if (cursor.value === null) {
    const sameNull = { [column]: null, id: { [idFurther]: cursor.id } };
    return (forward ? sameNull : { OR: [{ [column]: { not: null } }, sameNull] }) as Prisma.CustomerWhereInput;
  }
  const alternatives = [
    { [column]: { [further]: cursor.value } },
    { [column]: cursor.value, id: { [idFurther]: cursor.id } },
  ] as Prisma.CustomerWhereInput[];
  if (forward && NULLABLE.has(column)) alternatives.push({ [column]: null } as Prisma.CustomerWhereInput);
  return { OR: alternatives };
}
