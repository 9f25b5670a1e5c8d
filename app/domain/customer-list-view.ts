// How a customer list is ordered and narrowed: the sort (net spend, last order, orders, predicted
// 12-month value; highest or lowest first) and a search by customer id — Tsunagu stores no names or
// e-mails (docs/domain.md §10), so the id is all there is to search by. Customers without a value (no
// order yet, no prediction) come last in either direction, then ids in ascending order.
//
// Pure: the database reads the same order with app/models/customer-list-order.server.ts.

export const CUSTOMER_SORT_KEYS = ["spend", "lastOrder", "orders", "predicted"] as const;
export type CustomerSortKey = (typeof CUSTOMER_SORT_KEYS)[number];
export type SortDirection = "desc" | "asc";

export interface CustomerListView {
  sort: CustomerSortKey;
  direction: SortDirection;
  /** the digits a customer's numeric id starts with; null = every customer of the list */
  idPrefix: string | null;
}

export const DEFAULT_LIST_VIEW: CustomerListView = { sort: "spend", direction: "desc", idPrefix: null };

/** The columns a sort reads from a row. */
export interface SortableColumns {
  id: string;
  netSpent: number;
  lastOrderAt: Date | null;
  ordersCount: number;
  predictedClv12m: number | null;
}

export const SORT_COLUMN = {
  spend: "netSpent",
  lastOrder: "lastOrderAt",
  orders: "ordersCount",
  predicted: "predictedClv12m",
} as const satisfies Record<CustomerSortKey, keyof SortableColumns>;
export type SortColumn = (typeof SORT_COLUMN)[CustomerSortKey];

export const CUSTOMER_GID = "gid://shopify/Customer/";

/**
 * The view of a list URL (?sort=lastOrder&direction=asc&q=1234); absent parameters take the default
 * (net spend, highest first, everyone). A search is digits, or a customer GID; anything else is
 * malformed: null, like an unknown sort.
 */
export function parseCustomerListView(params: URLSearchParams): CustomerListView | null {
  const sort = params.get("sort") ?? DEFAULT_LIST_VIEW.sort;
  const direction = params.get("direction") ?? DEFAULT_LIST_VIEW.direction;
  if (!(CUSTOMER_SORT_KEYS as readonly string[]).includes(sort) || (direction !== "desc" && direction !== "asc")) return null;
  const query = (params.get("q") ?? "").trim();
  const digits = query.startsWith(CUSTOMER_GID) ? query.slice(CUSTOMER_GID.length) : query;
  if (digits !== "" && !/^\d{1,20}$/.test(digits)) return null;
  return { sort: sort as CustomerSortKey, direction, idPrefix: digits === "" ? null : digits };
}

/** Whether a customer id is kept by the view's search. */
export function matchesSearch(view: CustomerListView, id: string): boolean {
  return view.idPrefix === null || id.startsWith(`${CUSTOMER_GID}${view.idPrefix}`);
}

/** The list's order for rows in memory (a move's customers). */
export function compareRows(view: CustomerListView): (a: SortableColumns, b: SortableColumns) => number {
  const column = SORT_COLUMN[view.sort];
  const sign = view.direction === "desc" ? -1 : 1;
  const number = (v: number | Date | null) => (v instanceof Date ? v.getTime() : v);
  return (a, b) => {
    const [x, y] = [number(a[column]), number(b[column])];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return sign * (x - y);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
